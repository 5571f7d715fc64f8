using System.Text;
using LimitTop.Core.Native;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Tests.Native;

/// <summary>The one getdents64 loop: every entry once, odd names byte-exact, types right, errors as errnos.</summary>
public sealed class DirectoryEntriesTests : ScratchDirectoryTests
{
    /// <summary>Names a directory listing must return unchanged: spaces, a newline, UTF-8, a backslash, leading dots, 255 bytes.</summary>
    private static readonly string[] OddNames =
    [
        "with space", "new\nline", "tab\there", "ünïcödé-名前", "back\\slash", ".hidden", "...", "..x", "-dash", "$(echo no)",
        "'quote\"", new string('x', 255), "ends-with-dot.",
    ];

    private HashSet<string> Populate(int plain)
    {
        var expected = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < plain; i++)
        {
            string name = "f" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
            File.WriteAllBytes(Path.Combine(Dir, name), []);
            expected.Add(name);
        }

        foreach (string name in OddNames)
        {
            File.WriteAllBytes(Path.Combine(Dir, name), []);
            expected.Add(name);
        }

        Directory.CreateDirectory(Path.Combine(Dir, "sub dir"));
        expected.Add("sub dir");
        return expected;
    }

    private static (List<string> Names, Dictionary<string, byte> Types) List(DirectoryEntries entries, int fd, bool rewind = false)
    {
        var names = new List<string>();
        var types = new Dictionary<string, byte>(StringComparer.Ordinal);
        Assert.True(entries.ForEach(fd, (name, type) =>
        {
            string s = Encoding.UTF8.GetString(name);
            names.Add(s);
            types[s] = type;
        }, out int error, rewind));
        Assert.Equal(0, error);
        return (names, types);
    }

    [Fact]
    public void Lists_thousands_of_entries_with_odd_names_once_each_across_many_getdents_calls()
    {
        var expected = Populate(3000);
        int fd = Posix.Open(Dir, Posix.DirectoryFlags, out int openError);
        Assert.True(fd >= 0, Errno.Describe(openError));
        try
        {
            // 1 KiB holds ~30 entries: the listing takes ~100 getdents64 calls, so records at buffer ends are exercised.
            var small = new DirectoryEntries(1024);
            var (names, types) = List(small, fd);
            Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(expected.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
            Assert.DoesNotContain(".", names);
            Assert.DoesNotContain("..", names);
            Assert.Equal(DirectoryEntries.TypeDirectory, types["sub dir"]);
            Assert.Equal(8, types["new\nline"]); // DT_REG

            // The fd is at its end: a second pass without rewind sees nothing, with rewind everything again.
            Assert.Empty(List(small, fd).Names);
            Assert.Equal(expected.Count, List(new DirectoryEntries(), fd, rewind: true).Names.Count);
        }
        finally
        {
            Posix.Close(fd);
        }
    }

    [Fact]
    public void The_name_span_is_NUL_terminated_in_the_buffer_so_it_can_be_passed_to_an_at_syscall()
    {
        Populate(0);
        int fd = Posix.Open(Dir, Posix.DirectoryFlags, out _);
        try
        {
            int opened = 0;
            Assert.True(new DirectoryEntries().ForEach(fd, (name, type) =>
            {
                unsafe
                {
                    fixed (byte* p = name)
                    {
                        Assert.Equal(0, p[name.Length]);
                    }
                }

                // and openat of exactly those bytes finds the entry
                int f = Posix.OpenAt(fd, Encoding.UTF8.GetString(name), Posix.ReadFlags, out int e);
                Assert.True(f >= 0, Errno.Describe(e));
                Posix.Close(f);
                opened++;
            }, out _));
            Assert.Equal(OddNames.Length + 1, opened);
        }
        finally
        {
            Posix.Close(fd);
        }
    }

    [Fact]
    public void Errors_come_back_as_errnos_not_exceptions()
    {
        File.WriteAllText(Path.Combine(Dir, "plain"), "x");
        int fd = Posix.Open(Dir, Posix.DirectoryFlags, out _);
        try
        {
            var entries = new DirectoryEntries();
            Assert.False(entries.ForEachAt(fd, "missing", (_, _) => { }, out int e1));
            Assert.Equal(Errno.ENOENT, e1);
            Assert.False(entries.ForEachAt(fd, "plain", (_, _) => { }, out int e2));
            Assert.Equal(20, e2); // ENOTDIR
            Assert.False(entries.ForEach(-1, (_, _) => { }, out int e3));
            Assert.Equal(9, e3); // EBADF
        }
        finally
        {
            Posix.Close(fd);
        }
    }

    [Fact]
    public void FileReader_lists_and_counts_through_it()
    {
        var expected = Populate(500);
        using var reader = new FileReader(Path.GetDirectoryName(Dir)!);
        string rel = Path.GetFileName(Dir);
        Assert.True(reader.TryCountEntries(rel, out int count, out _));
        Assert.Equal(expected.Count, count);
        var seen = new List<string>();
        Assert.True(reader.ForEachEntry(rel, (n, _) => seen.Add(Encoding.UTF8.GetString(n)), out _));
        Assert.Equal(expected.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.True(reader.IsDirectory(rel + "/sub dir"));
        Assert.False(reader.IsDirectory(rel + "/with space"));
    }
}
