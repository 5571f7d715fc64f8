using LimitTop.Core.Limits;

namespace LimitTop.Core.Tests.Limits;

/// <summary>
/// pam_limits' rules (Linux-PAM modules/pam_limits/pam_limits.c) on fixture /etc trees: precedence, order,
/// groups, ranges, "-" lines, values, malformed lines. Expected values are worked out from the rules, by hand.
/// </summary>
public sealed class PamLimitsTests
{
    private static PamLimitsResult Read(EtcTree etc, int uid, bool debianRoot = true)
        => PamLimits.Read(etc.Dir, LoginAccount.Find(etc.Dir, uid)!, nrOpen: 1048576, rootSkipsGroups: debianRoot);

    private static long? Soft(PamLimitsResult r, string item = "nproc") => r[item]?.Soft?.Value;

    private static string? Line(PamLimitsResult r, string item = "nproc")
        => r[item]?.Soft is { } s ? Path.GetFileName(s.File) + ":" + s.Line : null;

    [Theory]
    // user beats @group beats *, whatever the order of the lines
    [InlineData("* soft nproc 10\n@dev soft nproc 20\nbob soft nproc 30\n", 1000, 30L, "limits.conf:3")]
    [InlineData("bob soft nproc 30\n@dev soft nproc 20\n* soft nproc 10\n", 1000, 30L, "limits.conf:1")]
    [InlineData("* soft nproc 10\n@dev soft nproc 20\nbob soft nproc 30\n", 1001, 20L, "limits.conf:2")]
    [InlineData("@dev soft nproc 20\n* soft nproc 10\n", 1001, 20L, "limits.conf:1")]
    // among equals the later line wins
    [InlineData("@dev soft nproc 20\n@ops soft nproc 25\n", 1001, 25L, "limits.conf:2")]
    [InlineData("* soft nproc 10\n* soft nproc 11\n", 1000, 11L, "limits.conf:2")]
    // supplementary membership from /etc/group, and the primary group with no member list
    [InlineData("@ops soft nproc 7\n", 1001, 7L, "limits.conf:1")]
    [InlineData("@ops soft nproc 7\n", 1000, null, null)]
    [InlineData("@bob soft nproc 8\n", 1000, 8L, "limits.conf:1")]
    // uid ranges are user entries: they beat a later @group
    [InlineData("1000:1000 soft nproc 9\n@dev soft nproc 20\n", 1000, 9L, "limits.conf:1")]
    [InlineData(":1001 soft nproc 11\n", 1001, 11L, "limits.conf:1")]
    [InlineData(":1001 soft nproc 11\n", 1000, null, null)]
    [InlineData("1001: soft nproc 12\n", 1001, 12L, "limits.conf:1")]
    [InlineData("1001: soft nproc 12\n", 1000, null, null)]
    // gid ranges look at the primary gid only; @:gid at every membership
    [InlineData("@1000:1999 soft nproc 13\n", 1001, 13L, "limits.conf:1")]
    [InlineData("@2000:2999 soft nproc 13\n", 1000, null, null)]
    [InlineData("@:2000 soft nproc 14\n", 1000, 14L, "limits.conf:1")]
    // % domains set maxlogins only
    [InlineData("%dev soft nproc 5\n% soft nproc 5\n", 1000, null, null)]
    // comments, blanks, tabs and upper case types/items
    [InlineData("  # comment\n\n\tbob\tSOFT\tNPROC\t33   # trailing\n", 1000, 33L, "limits.conf:3")]
    // "unlimited", "infinity", "-1" and "-" are unlimited
    [InlineData("bob soft nproc 30\nbob soft nproc unlimited\n", 1000, null, "limits.conf:2")]
    [InlineData("bob soft nproc 30\nbob soft nproc infinity\n", 1000, null, "limits.conf:2")]
    [InlineData("bob soft nproc 30\nbob soft nproc -1\n", 1000, null, "limits.conf:2")]
    [InlineData("bob soft nproc 30\nbob soft nproc -\n", 1000, null, "limits.conf:2")]
    public void Precedence_groups_ranges_and_values(string conf, int uid, long? nproc, string? line)
    {
        using var etc = new EtcTree(conf);
        var r = Read(etc, uid);
        Assert.True(r.Applies);
        Assert.Equal(nproc, Soft(r));
        Assert.Equal(line, Line(r));
    }

    [Fact]
    public void Limits_d_follows_limits_conf_in_C_locale_order_as_one_stream()
    {
        using var etc = new EtcTree("bob soft nproc 30\n", ("b.conf", "bob soft nproc 40\n"), ("A.conf", "bob soft nproc 50\n"),
            ("10-x.conf", "bob soft nofile 100\n"), ("9-x.conf", "bob soft nofile 200\n"), ("z.conf.disabled", "bob soft nproc 1\n"));
        var r = Read(etc, 1000);
        Assert.Equal(["limits.conf", "10-x.conf", "9-x.conf", "A.conf", "b.conf"], r.Files.Select(Path.GetFileName));
        Assert.Equal((40L, "b.conf:1"), (Soft(r)!.Value, Line(r)));
        Assert.Equal(200L, Soft(r, "nofile"));
    }

    [Fact]
    public void A_more_specific_line_in_limits_conf_beats_a_later_group_line_in_limits_d()
    {
        using var etc = new EtcTree("bob soft nproc 30\n", ("90-dev.conf", "@dev soft nproc 4000\n"));
        var r = Read(etc, 1000);
        Assert.Equal(30L, Soft(r));
    }

    [Fact]
    public void Dash_type_sets_both_and_stops_at_the_soft_half_when_a_user_line_set_it()
    {
        using var etc = new EtcTree("bob - nproc 30\n");
        var r = Read(etc, 1000);
        Assert.Equal((30L, 30L), (r["nproc"]!.Soft!.Value!.Value, r["nproc"]!.Hard!.Value!.Value));

        using var quirk = new EtcTree("bob soft nproc 30\n@dev - nproc 20\n");
        var q = Read(quirk, 1000);
        Assert.Equal(30L, Soft(q));
        Assert.Null(q["nproc"]!.Hard); // pam_limits returns before the hard half
    }

    [Fact]
    public void A_domain_dash_line_ends_the_parse_and_no_limits_apply()
    {
        using var etc = new EtcTree("bob soft nproc 30\n@dev -\n", ("a.conf", "bob soft nproc 40\n"));
        var bob = Read(etc, 1000);
        Assert.False(bob.Applies);
        Assert.Equal(("@dev", 2), (bob.NoLimits!.Domain, bob.NoLimits.Number));
        Assert.Null(bob["nproc"]);
        Assert.Equal(["limits.conf"], bob.Files.Select(Path.GetFileName)); // limits.d is never read

        using var star = new EtcTree("* -\n%dev -\nbob soft nproc 30\n");
        Assert.Equal(30L, Soft(Read(star, 1000))); // "* -" and "%group -" end nothing

        using var range = new EtcTree("1000:1999 -\nbob soft nproc 30\n");
        Assert.False(Read(range, 1000).Applies);
        Assert.True(Read(range, 0).Applies);
    }

    [Fact]
    public void Root_gets_only_lines_that_name_it_on_Debian_and_everything_upstream()
    {
        using var etc = new EtcTree("* soft nproc 10\n@root soft nofile 20\n");
        var debian = Read(etc, 0);
        Assert.Null(debian["nproc"]);
        Assert.Null(debian["nofile"]);
        var upstream = Read(etc, 0, debianRoot: false);
        Assert.Equal((10L, 20L), (Soft(upstream)!.Value, Soft(upstream, "nofile")!.Value));

        using var named = new EtcTree("root soft nproc 10\n");
        Assert.Equal(10L, Soft(Read(named, 0)));
    }

    [Fact]
    public void Values_are_scaled_as_pam_limits_scales_them()
    {
        using var etc = new EtcTree("bob soft stack 1024\nbob soft nofile unlimited\nbob soft cpu 2\nbob soft nproc 20 extra words\n");
        var r = Read(etc, 1000);
        Assert.Equal(1024L * 1024, Soft(r, "stack"));
        Assert.Equal(1048576L, Soft(r, "nofile")); // unlimited nofile is fs.nr_open
        Assert.Equal(120L, Soft(r, "cpu"));
        Assert.Equal(20L, Soft(r)); // the value is the rest of the line; strtoull stops at the blank
    }

    [Fact]
    public void Malformed_lines_are_skipped_and_reported_with_file_and_line()
    {
        using var etc = new EtcTree("bob soft nproc\nbob soft nproc abc\nbob sfot nproc 5\n1x:2 soft nproc 5\nbob soft nprocs 5\nbob\nbob soft nproc 30\n");
        var r = Read(etc, 1000);
        Assert.Equal(30L, Soft(r));
        Assert.Equal(
        [
            (1, "invalid line - skipped"),
            (2, "wrong limit value 'abc' for limit item 'nproc' - skipped"),
            (3, "unknown limit type 'sfot' - skipped"),
            (4, "invalid uid range '1x:2' - skipped"),
            (5, "unknown limit item 'nprocs' - skipped"),
            (6, "invalid line - skipped"),
        ], r.Issues.Select(i => (i.Line, i.Problem)));
        Assert.All(r.Issues, i => Assert.Equal(etc.Conf, i.File));
    }

    [Fact]
    public void A_missing_file_is_skipped_and_an_unreadable_one_fails_the_session()
    {
        using var etc = new EtcTree(null, ("a.conf", "bob soft nproc 30\n"));
        File.CreateSymbolicLink(etc.LimitsD("dangling.conf"), "/nonexistent/limittop-why");
        var r = Read(etc, 1000);
        Assert.True(r.Applies); // no limits.conf, a dangling link: both ENOENT, both skipped
        Assert.Equal(30L, Soft(r));

        File.CreateSymbolicLink(etc.LimitsD("loop.conf"), etc.LimitsD("loop.conf"));
        var failed = Read(etc, 1000);
        Assert.False(failed.Applies);
        Assert.Equal(etc.LimitsD("loop.conf"), failed.Failed!.File);
        Assert.StartsWith("cannot read", failed.Failed.Problem);
    }
}
