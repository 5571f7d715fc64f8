using System.Text;
using LimitTop.Core.Native;
using LimitTop.Core.Procfs;

namespace LimitTop.Core.Tests.Native;

/// <summary>The one NUL-terminated open: UTF-8 paths on the stack or not, relative and absolute, errors as errnos.</summary>
public sealed class PosixTests : ScratchDirectoryTests
{
    private static string ReadFd(int fd)
    {
        using var h = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
        using var s = new FileStream(h, FileAccess.Read);
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    [Fact]
    public void Opens_odd_UTF8_names_absolute_and_relative_to_a_held_directory()
    {
        string name = "ünï cödé\nname 名";
        File.WriteAllText(Path.Combine(Dir, name), "hello");
        int fd = Posix.Open(Path.Combine(Dir, name), Posix.ReadFlags, out int e);
        Assert.True(fd >= 0, Errno.Describe(e));
        Assert.Equal(0, e);
        Assert.Equal("hello", ReadFd(fd));

        int dir = Posix.Open(Dir, Posix.DirectoryFlags, out _);
        try
        {
            int rel = Posix.OpenAt(dir, name, Posix.ReadFlags, out e);
            Assert.True(rel >= 0, Errno.Describe(e));
            Assert.Equal("hello", ReadFd(rel));
        }
        finally
        {
            Posix.Close(dir);
        }
    }

    [Fact]
    public void A_path_longer_than_the_stack_buffer_still_opens_and_one_past_PATH_MAX_is_ENAMETOOLONG()
    {
        // ~900 bytes of path: four 200-byte components, past the 512 bytes encoded on the stack.
        string deep = Dir;
        for (int i = 0; i < 4; i++)
        {
            deep = Path.Combine(deep, new string((char)('a' + i), 200));
        }

        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Combine(deep, "f"), "deep");
        Assert.True(Encoding.UTF8.GetByteCount(Path.Combine(deep, "f")) > Posix.StackPath);
        int fd = Posix.Open(Path.Combine(deep, "f"), Posix.ReadFlags, out int e);
        Assert.True(fd >= 0, Errno.Describe(e));
        Assert.Equal("deep", ReadFd(fd));

        Assert.Equal(-1, Posix.Open("/" + new string('x', 5000), Posix.ReadFlags, out e));
        Assert.Equal(36, e); // ENAMETOOLONG, before any syscall
    }

    [Fact]
    public void Errors_are_errnos_and_a_write_only_open_of_a_directory_is_refused()
    {
        Assert.Equal(-1, Posix.Open(Path.Combine(Dir, "missing"), Posix.ReadFlags, out int e));
        Assert.Equal(Errno.ENOENT, e);
        Assert.Equal(-1, Posix.Open(Dir, Posix.WriteFlags, out e));
        Assert.Equal(21, e); // EISDIR
        File.WriteAllText(Path.Combine(Dir, "file"), "");
        Assert.Equal(-1, Posix.Open(Path.Combine(Dir, "file"), Posix.DirectoryFlags, out e));
        Assert.Equal(20, e); // ENOTDIR
    }

    [Fact]
    public void TryEncode_writes_UTF8_and_a_NUL_and_refuses_what_does_not_fit()
    {
        Span<byte> b = stackalloc byte[16];
        Assert.True(Posix.TryEncode("ä/b", b, out int n));
        Assert.Equal(4, n);
        Assert.Equal([0xC3, 0xA4, (byte)'/', (byte)'b', 0], b[..5].ToArray());
        Assert.False(Posix.TryEncode("0123456789abcdef", b, out _)); // 16 bytes + NUL do not fit in 16
    }

    [Fact]
    public void A_directory_that_cannot_be_held_throws_an_IOException_carrying_the_errno()
    {
        var e = Assert.Throws<IOException>(() => new FileReader(Path.Combine(Dir, "missing")));
        Assert.Equal(Errno.ENOENT, e.HResult);
        Assert.Contains("ENOENT", e.Message, StringComparison.Ordinal);
    }
}
