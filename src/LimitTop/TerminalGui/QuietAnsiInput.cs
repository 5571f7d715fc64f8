using Terminal.Gui.Drivers;

namespace LimitTop.TerminalGui;

/// <summary>
/// The ANSI driver's input with a blocking wait: <see cref="InputImpl{T}.Run"/> calls <see cref="Peek"/> in a
/// loop and sleeps 20 ms whenever it returns false; here Peek first sleeps in poll(2) until stdin has bytes.
/// </summary>
internal sealed class QuietAnsiInput(QuietLoop loop) : AnsiInput
{
    private bool _queued;

    public override bool Peek()
    {
        if (IsAttachedToTerminal && loop.StdinHungUp())
        {
            loop.WaitForStop();
            return false;
        }

        if (base.Peek())
        {
            _queued = true;
            return true;
        }

        // Run() has queued everything read since the last Peek: tell the main loop before sleeping.
        if (_queued)
        {
            _queued = false;
            loop.InputQueued();
        }

        if (!IsAttachedToTerminal || loop.Stopping)
        {
            return false; // degraded (no terminal) or stopping: Terminal.Gui's 20 ms cadence until cancelled
        }

        loop.WaitForStdin();
        if (base.Peek())
        {
            _queued = true;
            return true;
        }

        return false;
    }
}
