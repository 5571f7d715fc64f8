using System.Text.RegularExpressions;

namespace LimitTop.Core.Tests.Platform;

/// <summary>
/// Issue 24, "done means": every file limittop writes goes through Platform.SafeFileWriter, the one write-all loop
/// is Platform.FdWrite, and SafeText is the one escaper. Greps src/ (the .cs files, not bin/obj) for anything else
/// that opens a file for writing or loops over write(2).
/// </summary>
public sealed partial class OneWriterTests
{
    // .NET APIs that open a path for writing, and the open(2) flags that do.
    [GeneratedRegex(@"new\s+FileStream\s*\(|FileStreamOptions|FileMode\.(Create|CreateNew|Append|OpenOrCreate|Truncate)|FileAccess\.(Write|ReadWrite)|File\.(WriteAll\w*|AppendAll\w*|AppendText|Create\w*|OpenWrite|Open|Move|Copy|Replace)\s*\(|new\s+StreamWriter\s*\(\s*(@?""|path|file|\w+Path)|Directory\.CreateDirectory\s*\(|\bO_(WRONLY|RDWR|CREAT|TRUNC|APPEND)\b")]
    private static partial Regex WritesAFile();

    // A loop around write(2): "write(" inside a while/for/do with an offset advanced.
    [GeneratedRegex(@"\bwrite\s*\(\s*\w+\s*,\s*\w+\s*\+")]
    private static partial Regex WriteAllLoop();

    // A hand-made control-character test outside SafeText (c < ' ', c < 0x20, '\u007f' …).
    [GeneratedRegex(@"c\s*<\s*(' '|0x20)|==\s*'\\u007f'|char\.IsControl\(\w+\[i\]\)")]
    private static partial Regex HandMadeScrubber();

    private static string Src => Path.Combine(Repo(), "src");

    private static IEnumerable<(string File, int Line, string Text)> Lines()
    {
        foreach (string file in Directory.EnumerateFiles(Src, "*.cs", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(Src, file).Replace('\\', '/');
            if (rel.Contains("/obj/", StringComparison.Ordinal) || rel.Contains("/bin/", StringComparison.Ordinal))
            {
                continue;
            }

            int n = 0;
            foreach (string line in File.ReadLines(file))
            {
                n++;
                string code = line.TrimStart();
                if (!code.StartsWith("//", StringComparison.Ordinal))
                {
                    yield return (rel, n, line);
                }
            }
        }
    }

    [Fact]
    public void Nothing_outside_the_platform_helper_opens_a_file_for_writing()
    {
        var offenders = Lines().Where(l => WritesAFile().IsMatch(l.Text)
            && !l.File.StartsWith("LimitTop.Core/Platform/", StringComparison.Ordinal)
            // Posix.WriteFlags = O_WRONLY|O_CLOEXEC: kernel control files (cgroup.kill, pids.max) written in place,
            // never created (ControlFile); no O_CREAT anywhere but the helper.
            && !(l.File == "LimitTop.Core/Native/Posix.cs" && l.Text.Contains("WriteFlags = O_WRONLY | O_CLOEXEC;", StringComparison.Ordinal)))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}").ToList();
        Assert.True(offenders.Count == 0, "writes a file outside Platform/SafeFileWriter:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void Kernel_control_files_are_the_only_other_writes_and_never_create()
    {
        var users = Lines().Where(l => l.Text.Contains("Posix.WriteFlags", StringComparison.Ordinal)).Select(l => l.File).Distinct().ToList();
        Assert.Equal(["LimitTop.Core/Platform/ControlFile.cs"], users);
    }

    [Fact]
    public void There_is_one_write_all_loop_and_one_escaper()
    {
        var loops = Lines().Where(l => WriteAllLoop().IsMatch(l.Text)).Select(l => l.File).Distinct().ToList();
        Assert.Equal(["LimitTop.Core/Platform/FdWrite.cs"], loops);
        var scrubbers = Lines().Where(l => HandMadeScrubber().IsMatch(l.Text) && l.File != "LimitTop.Core/Text/SafeText.cs")
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}").ToList();
        Assert.True(scrubbers.Count == 0, "control characters tested outside SafeText:\n" + string.Join('\n', scrubbers));
    }

    private static string Repo()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "LimitTop.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("LimitTop.sln not found above " + AppContext.BaseDirectory);
    }
}
