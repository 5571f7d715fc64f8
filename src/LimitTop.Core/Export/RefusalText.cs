using System.Globalization;
using System.Text;
using LimitTop.Core.Model;

namespace LimitTop.Core.Export;

/// <summary>The refusal witness's section of the text report (--once, dumps): why not, or what it counted.</summary>
internal static class RefusalText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Append(StringBuilder sb, RefusalSummary? r)
    {
        if (r is null)
        {
            return;
        }

        sb.Append('\n');
        if (!r.Witness.Up)
        {
            sb.Append("Refused task creations: ").Append(r.Witness.Message).Append('\n');
            return;
        }

        sb.Append(Inv, $"Refused task creations (witnessed: {r.Total:N0} since start, {r.LastMinute:N0} in the last minute, {r.Lost:N0} lost by the kernel's buffer)\n");
        if (r.ByLimit.Count > 0)
        {
            sb.Append("  by limit: ").AppendJoin(", ", r.ByLimit.Select(l => string.Create(Inv, $"{l.Limit} {l.Count:N0}"))).Append('\n');
        }

        foreach (var p in r.Processes.Take(10))
        {
            string uid = p.Uid is { } u ? string.Create(Inv, $" uid {u}") : "";
            sb.Append(Inv, $"  {p.Pid,7} {p.Name}{uid}: {p.LastMinute:N0} refused in the last minute by {p.Limit} ({RefusalLimits.Name(p.Errno)})\n");
        }

        if (!r.KernelLog.Up && r.KernelLog.Reason != "disabled")
        {
            sb.Append("  kernel log: ").Append(r.KernelLog.Message).Append('\n');
        }

        foreach (var k in r.Kernel.Take(5))
        {
            sb.Append("  ").Append(k.ToString()).Append('\n');
        }
    }
}
