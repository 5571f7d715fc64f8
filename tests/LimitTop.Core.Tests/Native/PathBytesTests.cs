using System.Text;
using LimitTop.Core.Native;

namespace LimitTop.Core.Tests.Native;

/// <summary>Kernel names are bytes: every byte string survives the trip to a .NET string and back (issue 24, finding 5).</summary>
public sealed class PathBytesTests
{
    [Theory]
    [InlineData(new byte[] { (byte)'/', (byte)'a' })]
    [InlineData(new byte[] { (byte)'/', 0xff })]                          // invalid UTF-8
    [InlineData(new byte[] { (byte)'/', 0xc3 })]                          // a truncated sequence
    [InlineData(new byte[] { (byte)'/', 0xc3, 0xa9, 0xff, (byte)'x' })]   // é then an invalid byte
    [InlineData(new byte[] { (byte)'/', 0xee, 0xbe, 0x80 })]              // a genuine U+EF80 (the escape range)
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 })]                         // a UTF-8-encoded surrogate (invalid)
    [InlineData(new byte[] { 0xf0, 0x9f, 0x98, 0x80, 0x80 })]             // an emoji and a stray continuation byte
    public void Round_trips_every_byte_string(byte[] raw)
    {
        string s = PathBytes.Decode(raw);
        Span<byte> back = stackalloc byte[64];
        Assert.True(PathBytes.TryEncode(s, back, out int n));
        Assert.Equal(raw, back[..n].ToArray());
        Assert.Equal(raw.Length, PathBytes.ByteCount(s));
        // Valid UTF-16 (no lone surrogate): JSON and metrics writers take it.
        Assert.True(new UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(s) > 0);
    }

    [Fact]
    public void Valid_utf8_is_decoded_as_usual_and_raw_bytes_display_as_hex()
    {
        Assert.Equal("/user.slice/café", PathBytes.Decode("/user.slice/café"u8));
        Assert.Equal("/sec_grp/\\xff", PathBytes.ForDisplay(PathBytes.Decode([.. "/sec_grp/"u8, 0xff])));
    }

    [Fact]
    public void Posix_opens_a_name_that_is_not_utf8()
    {
        string dir = Directory.CreateTempSubdirectory("lt_secmem_pathbytes_").FullName;
        try
        {
            byte[] name = [.. Encoding.ASCII.GetBytes(dir + "/"), 0xff];
            unsafe
            {
                fixed (byte* p = name.Append((byte)0).ToArray())
                {
                    Assert.Equal(0, Tmds.Linux.LibC.mkdir(p, 0x1c0));
                }
            }

            int fd = Posix.Open(PathBytes.Decode(name), Posix.DirectoryFlags, out int error);
            Assert.True(fd >= 0, $"errno {error}");
            Posix.Close(fd);
        }
        finally
        {
            unsafe
            {
                byte[] name = [.. Encoding.ASCII.GetBytes(dir + "/"), 0xff, 0];
                fixed (byte* p = name)
                {
                    _ = Tmds.Linux.LibC.rmdir(p);
                }
            }

            Directory.Delete(dir);
        }
    }
}
