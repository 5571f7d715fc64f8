/*
 * The one line limittop can still write when the .NET runtime itself cannot start (linked into the NativeAOT
 * binary only; LimitTop.csproj compiles it). With zero free tasks the kernel refuses the runtime's first thread
 * (the finalizer, made before Main; README "The last shell"), the runtime's own main() returns -1 and the process
 * would end with status 255 and nothing said. exit() still runs atexit handlers, write(2) needs no task, and a
 * constructor runs before the runtime: so a handler registered here says why when Main was never reached.
 * Main reports that it was (Hosting/StartupGuard.cs), so every other exit says nothing here.
 */
#include <stdlib.h>
#include <unistd.h>

static volatile int main_entered;

void limittop_main_entered(void)
{
    main_entered = 1;
}

static void runtime_did_not_start(void)
{
    static const char line[] =
        "limittop: cannot start: the kernel refused the runtime's first thread (no free task: RLIMIT_NPROC, "
        "kernel.threads-max or a pids cgroup is spent); limittop needs one free task, so start it before the "
        "limit is reached\n";
    if (!main_entered) {
        ssize_t ignored = write(2, line, sizeof line - 1);
        (void)ignored;
    }
}

__attribute__((constructor)) static void limittop_startup_guard(void)
{
    atexit(runtime_did_not_start);
}
