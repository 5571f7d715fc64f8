using LimitTop.Core.Model;
using LimitTop.Core.Settings;
using LimitTop.Dashboard;
using static LimitTop.TestSupport.Snapshots;

namespace LimitTop.Tests.Dashboard;

/// <summary>Issue 25 item 13: the tree view folds (htop's - and +) and the tree view and its folds are remembered.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TreeFoldTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("limittop-ux-tree-").FullName;

    // 1 ── 20 "boss" with 45 workers; 1 ── 30 "other"
    private static ProcessSample[] Workers()
    {
        var ps = new List<ProcessSample> { Proc(1, 1, name: "init"), Proc(20, 1, name: "boss") with { Ppid = 1 }, Proc(30, 1, name: "other") with { Ppid = 1 } };
        ps.AddRange(Enumerable.Range(100, 45).Select(i => Proc(i, 1, name: "worker") with { Ppid = 20 }));
        return ps.ToArray();
    }

    private DashboardController Wired(string path)
    {
        var c = new DashboardController(TimeSpan.FromSeconds(1));
        SettingsMapping.Wire(c.State, SettingsStore.Load(path), path);
        c.Input.Options = c.State.Options;
        c.OnSnapshot(Make(Workers()));
        return c;
    }

    [Fact]
    public void Minus_folds_a_parent_plus_unfolds_it_and_both_are_remembered()
    {
        string path = Path.Combine(_dir, SettingsStore.FileName);
        var c = Wired(path);
        c.Input.HandleKey(UiKey.Of('t'));
        Assert.Equal(48, c.Viewport.Table.Count);
        c.Viewport.SelectPid(20);
        c.Input.HandleKey(UiKey.Of('-'));
        Assert.Equal([1, 20, 30], c.Viewport.Table.Rows.Select(p => p.Pid).Order());
        Assert.True(c.Viewport.Table.Tree![c.Viewport.Table.IndexOf(20)].Folded);
        string text = c.Frame(120, 30, Now).Text;
        Assert.Contains("+ Σ46", text, StringComparison.Ordinal); // folded, its subtree still counted
        Assert.DoesNotContain("worker", text, StringComparison.Ordinal);

        var again = Wired(path); // the next start: tree view on, pid 20 folded
        Assert.True(again.Input.Options.Tree);
        Assert.Equal(3, again.Viewport.Table.Count);

        again.Viewport.SelectPid(20);
        again.Input.HandleKey(UiKey.Of('+'));
        Assert.Equal(48, again.Viewport.Table.Count);
        Assert.Equal(48, Wired(path).Viewport.Table.Count);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
