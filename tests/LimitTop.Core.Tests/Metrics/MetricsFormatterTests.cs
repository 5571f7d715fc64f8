using System.Diagnostics;
using LimitTop.Core.Metrics;
using LimitTop.Core.Model;
using static LimitTop.Core.Tests.Actions.ActionTestSupport;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Core.Tests.Metrics;

/// <summary>The /metrics exposition of hand-built snapshots: names, labels, escaping, absences, and promtool's verdict.</summary>
public sealed class MetricsFormatterTests
{
    private const string Hostile = "evil\"} 1\nlimittop_fake 2 \\x";

    private static Snapshot Hand()
    {
        var procs = new List<ProcessSample>
        {
            Member(1, 0, "init", "/sbin/init") with { Fds = 10, Limits = new ProcessLimits(LimitPair.Unlimited, new LimitPair(1024, 4096), LimitPair.Unlimited) },
            Member(42, 1000, Hostile, "secret-token=hunter2", threads: 30, user: "alice") with
            {
                Fds = 900, Limits = new ProcessLimits(new LimitPair(50, 50), new LimitPair(1000, 1000), new LimitPair(100, 100)),
            },
        };
        var s = Snap(procs);
        return s with
        {
            Users =
            [
                new UserUsage
                {
                    Uid = 1000, Name = "alice", Tasks = 30, Processes = 1, Exempt = false, Nproc = new LimitRange(50, 50), NprocHeadroom = 20,
                    SigQueued = 3, Sigpending = new LimitRange(100, 100),
                },
                new UserUsage { Uid = 0, Name = "root", Tasks = 1, Processes = 1, Exempt = true, Nproc = LimitRange.Unknown, Sigpending = LimitRange.Unknown },
            ],
            Cgroups =
            [
                new CgroupUsage { Path = "/limited", Version = 1, PidsCurrent = 5, PidsMax = 5, EffectiveHeadroom = 0, ForkRejections = 7 },
                new CgroupUsage { Path = "/", Version = 1, PidsCurrent = 31 },
                new CgroupUsage { Path = "/limited", Version = 2, PidsCurrent = 9 }, // same path in the other hierarchy
            ],
            Diagnosis =
            [
                new Finding
                {
                    Scope = Scope.User("alice"), Limit = LimitKind.Nproc, Used = 30, Max = 50, Percent = 60, Severity = Severity.Ok, Message = "m",
                    RatePerMinute = 2, ExhaustedIn = TimeSpan.FromSeconds(600.4),
                },
                new Finding { Scope = Scope.User("alice"), Limit = LimitKind.Nproc, Used = 30, Max = 60, Percent = 50, Severity = Severity.Ok, Message = "m", ExhaustedIn = TimeSpan.FromSeconds(700) },
                new Finding { Scope = Scope.Cgroup("/limited"), Limit = LimitKind.PidsMax, Used = 5, Max = 5, Percent = 100, Severity = Severity.Critical, Message = "m" },
                new Finding { Scope = Scope.System, Limit = LimitKind.Commit, Used = 5, Severity = Severity.Ok, Message = "unlimited" },
            ],
            Sockets = new SocketSummary
            {
                TakenAt = s.TakenAt, Source = SocketSource.Netlink, Tcp = new TcpStateCounts { Established = 4, TimeWait = 2, Listen = 1 },
                TcpV4 = null, TcpV6 = null, DetailAge = TimeSpan.Zero,
                EphemeralPorts = new EphemeralPorts { Low = 32768, High = 60999, Worst = new PortTuple("127.0.0.1", "127.0.0.1", 80, 12) },
            },
        };
    }

    private static string Render(MetricsFormat f = MetricsFormat.Prometheus004, Snapshot? s = null)
        => new MetricsFormatter(20).Render(s ?? Hand(), new ExporterCounters(2, 0.0125), f);

    [Fact]
    public void Every_family_of_the_contract_is_there_with_help_and_type()
    {
        string text = Render();
        string[] names =
        [
            "limittop_user_tasks", "limittop_user_nproc_limit", "limittop_user_nproc_headroom", "limittop_user_signals_queued",
            "limittop_user_sigpending_limit", "limittop_system_threads", "limittop_system_threads_max", "limittop_system_pids_used",
            "limittop_system_pids_usable", "limittop_system_open_files", "limittop_system_open_files_max", "limittop_cgroup_pids_current",
            "limittop_cgroup_pids_max", "limittop_cgroup_pids_headroom", "limittop_cgroup_pids_rejected_total", "limittop_tcp_connection_states",
            "limittop_tcp_ephemeral_ports_worst_used", "limittop_tcp_ephemeral_ports_range", "limittop_process_threads", "limittop_process_open_fds",
            "limittop_process_max_fds", "limittop_limit_used_ratio", "limittop_limit_exhaustion_seconds", "limittop_scrape_errors_total",
            "limittop_sample_duration_seconds",
        ];
        foreach (string n in names)
        {
            Assert.Contains($"# HELP {n} ", text, StringComparison.Ordinal);
            Assert.Contains($"# TYPE {n} ", text, StringComparison.Ordinal);
        }

        Assert.Contains("limittop_user_tasks{uid=\"1000\",user=\"alice\"} 30\n", text, StringComparison.Ordinal);
        Assert.Contains("limittop_user_nproc_headroom{uid=\"1000\",user=\"alice\"} 20\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("limittop_user_nproc_limit{uid=\"0\"", text, StringComparison.Ordinal); // unknown: absent, not 0
        Assert.Contains("limittop_cgroup_pids_max{cgroup=\"/limited\"} 5\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("limittop_cgroup_pids_max{cgroup=\"/\"}", text, StringComparison.Ordinal); // "max": absent
        Assert.Contains("limittop_cgroup_pids_rejected_total{cgroup=\"/limited\"} 7\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), l => l.StartsWith("limittop_cgroup_pids_current{cgroup=\"/limited\"}", StringComparison.Ordinal));
        Assert.Contains("limittop_tcp_connection_states{state=\"time_wait\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("limittop_tcp_connection_states{state=\"fin_wait1\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("limittop_tcp_ephemeral_ports_range 28232\n", text, StringComparison.Ordinal);
        Assert.Contains("limittop_limit_used_ratio{scope=\"cgroup:/limited\",limit=\"pids.max\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("limit=\"commit\"", text, StringComparison.Ordinal);
        Assert.Contains("limittop_limit_exhaustion_seconds{scope=\"user:alice\",limit=\"nproc\"} 600\n", text, StringComparison.Ordinal);
        Assert.Contains("limittop_sample_duration_seconds 0.0125\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_process_names_are_escaped_and_the_command_line_never_appears()
    {
        string text = Render();
        Assert.Contains("comm=\"evil\\\"} 1\\nlimittop_fake 2 \\\\x\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\nlimittop_fake", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_forecast_the_exhaustion_family_has_no_sample()
    {
        var flat = Hand();
        flat = flat with { Diagnosis = [.. flat.Diagnosis.Select(f => f with { ExhaustedIn = null })] };
        string text = Render(s: flat);
        Assert.Contains("# TYPE limittop_limit_exhaustion_seconds gauge", text, StringComparison.Ordinal);
        Assert.DoesNotContain("limittop_limit_exhaustion_seconds{", text, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenMetrics_names_counter_families_without_total_and_ends_with_eof()
    {
        string text = Render(MetricsFormat.OpenMetrics100);
        Assert.Contains("# TYPE limittop_cgroup_pids_rejected counter\n", text, StringComparison.Ordinal);
        Assert.Contains("limittop_cgroup_pids_rejected_total{cgroup=\"/limited\"} 7\n", text, StringComparison.Ordinal);
        Assert.EndsWith("# EOF\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("# EOF", Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Process_series_are_bounded_by_top_n_per_ranking()
    {
        var procs = Enumerable.Range(1, 500).Select(i => Member(i, 1000, "p" + i, "", threads: i)).ToList();
        var chosen = ProcessSelection.Top(procs, 20);
        Assert.Equal(20, chosen.Count); // no fd data: threads ranking only
        Assert.All(chosen, p => Assert.True(p.Threads > 480));
    }

    /// <summary>promtool reads the 0.0.4 text format only; the OpenMetrics form is parsed by a real Prometheus (LimitTop.Tests, Fleet).</summary>
    [Fact]
    public void Promtool_accepts_the_exposition_with_hostile_names()
    {
        foreach (var f in new[] { MetricsFormat.Prometheus004 })
        {
            var psi = new ProcessStartInfo("promtool", ["check", "metrics"]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            p.StandardInput.Write(Render(f));
            p.StandardInput.Close();
            string err = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(30_000));
            Assert.True(p.ExitCode == 0, $"promtool check metrics ({f}): {err}");
        }
    }
}
