using LimitTop.Core.Model;

// "Models", not "Model": a namespace LimitTop.Core.Tests.Model would hide Core's Model from the other tests.
namespace LimitTop.Core.Tests.Models;

/// <summary>The typed scope and limit keep the text the JSON, the metrics and the screen carry, byte for byte.</summary>
public sealed class ScopeAndLimitKeyTests
{
    [Theory]
    [InlineData("system", ScopeKind.System, "")]
    [InlineData("user:bob", ScopeKind.User, "bob")]
    [InlineData("cgroup:/system.slice/a b.service", ScopeKind.Cgroup, "/system.slice/a b.service")]
    [InlineData("process:42", ScopeKind.Process, "42")]
    [InlineData("pid:4242 my app", ScopeKind.Pid, "4242 my app")]
    [InlineData("pid:4242", ScopeKind.Pid, "4242")]
    [InlineData("quota:/x", ScopeKind.Other, "quota:/x")]
    [InlineData("", ScopeKind.Other, "")]
    public void A_key_reads_back_as_the_scope_it_was_built_from(string key, ScopeKind kind, string id)
    {
        var scope = Scope.Parse(key);
        Assert.Equal(new Scope(kind, id), scope);
        Assert.Equal(key, scope.Key);
        Assert.True(scope.Is(key));
        Assert.False(scope.Is(key + "x"));
    }

    [Fact]
    public void The_factories_spell_the_keys_as_before()
    {
        Assert.Equal("user:" + "alice", Scope.User("alice").Key);
        Assert.Equal("cgroup:" + "/a", Scope.Cgroup("/a").Key);
        Assert.Equal("process:" + "7", Scope.Process(7).Key);
        Assert.Equal("system", Scope.System.Key);
        Assert.Equal("pid:" + "4242 myapp", Scope.Pid(4242, "myapp").Key);
        Assert.Equal("pid:" + "4242", Scope.Pid(4242).Key);
    }

    [Theory]
    [InlineData("user:bob", ScopeKind.User, "bob")]
    [InlineData("pid:42 x", ScopeKind.Pid, "42 x")]
    [InlineData("weird", ScopeKind.Other, "weird")]
    public void The_cache_check_agrees_with_the_key(string key, ScopeKind kind, string id)
    {
        Assert.True(Scope.IsKeyOf(key, kind, id));
        Assert.False(Scope.IsKeyOf(key + "x", kind, id));
        Assert.Equal(new Scope(kind, id).Key, key);
    }

    [Theory]
    [InlineData("nproc", LimitKind.Nproc)]
    [InlineData("pids.max", LimitKind.PidsMax)]
    [InlineData("memory", null)]
    [InlineData("unknown (EAGAIN)", null)]
    [InlineData("oom-kill", null)]
    [InlineData("", null)]
    public void An_event_limit_reads_back_as_the_text_it_was_written_as(string name, LimitKind? kind)
    {
        var limit = EventLimit.Parse(name);
        Assert.Equal(kind, limit.Kind);
        Assert.Equal(name, limit.Name);
        Assert.Equal(name, limit.ToString());
        Assert.Equal(limit, EventLimit.Parse(limit.Name));
    }

    [Fact]
    public void A_limit_kind_is_the_event_limit_of_its_name()
        => Assert.All(Enum.GetValues<LimitKind>(), k => Assert.Equal(EventLimit.Parse(k.Name()), (EventLimit)k));

    [Fact]
    public void Every_limit_kind_has_one_name_that_parses_back()
    {
        Assert.Equal(["threads-max", "pid_max", "file-max", "commit", "nproc", "sigpending", "nofile", "pids.max", "kubelet-pids"],
            Enum.GetValues<LimitKind>().Select(k => k.Name()));
        Assert.All(Enum.GetValues<LimitKind>(), k => Assert.Equal(k, LimitNames.Parse(k.Name())));
        Assert.Null(LimitNames.Parse("memory"));
    }
}
