namespace LimitTop.TestSupport;

/// <summary>
/// The one skip helper. A test that cannot run here says why with an explicit skip (never a silent return); the
/// test method must be <c>[SkippableFact]</c> or <c>[SkippableTheory]</c> (Xunit.SkippableFact: xunit v2 has no
/// dynamic skip). Two kinds of reason:
/// <list type="bullet">
/// <item><see cref="Provided"/> (root, tmux, strace, gcc, promtool, the AOT binary…): CI's machine has them
/// (.ci/run installs tests/install-prereqs.sh and runs as root), so with LIMITTOP_CI_NO_SKIP=1, as .ci/run sets
/// it, a missing one FAILS the test instead of skipping it.</item>
/// <item><see cref="Platform"/> (cgroup v2 mounted live, a kernel feature newer than this kernel): CI's machine may
/// legitimately lack them; they stay skips everywhere.</item>
/// </list>
/// </summary>
public static class Need
{
    /// <summary>The environment variable .ci/run sets to 1.</summary>
    public const string NoSkipVariable = "LIMITTOP_CI_NO_SKIP";

    /// <summary>True under .ci/run: a missing prerequisite CI must have is a failure.</summary>
    public static bool SkipIsFailure => Environment.GetEnvironmentVariable(NoSkipVariable) == "1";

    /// <summary>Something CI must have: skip here without it, fail under <see cref="NoSkipVariable"/>.</summary>
    public static void Provided(bool present, string what)
    {
        if (present)
        {
            return;
        }

        if (SkipIsFailure)
        {
            Assert.Fail($"CI must run this test, but it lacks {what} ({NoSkipVariable}=1)");
        }

        Skip.If(true, "needs " + what);
    }

    /// <summary>Something CI's machine may legitimately lack (a kernel feature, cgroup v2 live): always a skip.</summary>
    public static void Platform(bool present, string why) => Skip.IfNot(present, why);

    /// <summary>Effective uid 0 (the one root check: <see cref="HostFacts.IsRoot"/>).</summary>
    public static void Root() => Provided(HostFacts.IsRoot, "root (setpriv, prlimit, pids cgroups, other uids); .ci/run runs as root");

    /// <summary>A program on PATH (tests/install-prereqs.sh installs every one a test names); returns its path.</summary>
    public static string Tool(string name)
    {
        string? path = HostFacts.Tool(name);
        Provided(path is not null, $"{name} on PATH (tests/install-prereqs.sh)");
        return path!;
    }

    /// <summary>A C compiler for the live tests' helpers (gcc from tests/install-prereqs.sh); returns its path.</summary>
    public static string CCompiler()
    {
        string? cc = HostFacts.CCompiler;
        Provided(cc is not null, "a C compiler (cc, gcc or clang; tests/install-prereqs.sh installs gcc)");
        return cc!;
    }
}
