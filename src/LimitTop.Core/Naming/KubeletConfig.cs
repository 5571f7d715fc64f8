using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LimitTop.Core.Naming;

/// <summary>
/// The pid settings of a KubeletConfiguration (/var/lib/kubelet/config.yaml, as kubeadm writes it): podPidsLimit
/// (pids.max of every pod cgroup; −1 or absent: none), systemReserved.pid and kubeReserved.pid (taken from the node's
/// pid capacity), evictionHard["pid.available"] (a count or a percentage of the capacity). Read with YamlDotNet's
/// event parser — no object mapping, no reflection (NativeAOT-safe) and no recursion, so a hostile file can only
/// be refused (bounded to 1 MiB and 64 levels), never crash.
/// </summary>
public sealed record KubeletConfig(string File, long? PodPidsLimit, long? SystemReservedPids, long? KubeReservedPids, string? EvictionHardPids,
    string? CgroupDriver, string? Failure)
{
    private const int MaxDepth = 64;

    public static string PathUnder(StateRoots state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Path.Combine(state.VarLib, "kubelet", "config.yaml");
    }

    /// <summary>The config of a kubelet on this node; null when the file does not exist (no kubelet).</summary>
    public static KubeletConfig? Read(StateRoots state)
    {
        string file = PathUnder(state);
        byte[]? bytes = NamerFileReader.Read(file, NamerFileReader.ConfigCap, out _, out string? failure);
        if (bytes is null)
        {
            return failure is not null && failure.Contains("ENOENT", StringComparison.Ordinal) ? null : Failed(file, failure);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            Collect(Encoding.UTF8.GetString(bytes), values);
        }
        catch (YamlException e)
        {
            return Failed(file, $"not YAML: line {e.Start.Line}: {NameText.Escape(e.Message)}");
        }
        catch (InvalidDataException e)
        {
            return Failed(file, e.Message);
        }

        return new KubeletConfig(file, Long(values, "podPidsLimit"), Long(values, "systemReserved/pid"), Long(values, "kubeReserved/pid"),
            values.GetValueOrDefault("evictionHard/pid.available"), values.GetValueOrDefault("cgroupDriver"), null);
    }

    /// <summary>pid.available as a task count against <paramref name="capacity"/> (a percentage is of the capacity, as the kubelet takes it).</summary>
    public long? EvictionHardTasks(long capacity)
    {
        string? v = EvictionHardPids?.Trim();
        if (string.IsNullOrEmpty(v))
        {
            return null;
        }

        if (v.EndsWith('%') && double.TryParse(v[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double pct))
        {
            return (long)Math.Ceiling(capacity * pct / 100);
        }

        return long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : null;
    }

    private static KubeletConfig Failed(string file, string? why) => new(file, null, null, null, null, null, why ?? "unreadable");

    private static long? Long(Dictionary<string, string> v, string key)
        => v.TryGetValue(key, out var s) && long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : null;

    /// <summary>Scalars of the first document by their path of mapping keys ("systemReserved/pid"); sequences are skipped.</summary>
    private static void Collect(string yaml, Dictionary<string, string> values)
    {
        var parser = new Parser(new StringReader(yaml));
        var keys = new List<string?>(); // per open mapping: the key awaiting its value, or null when a key is expected next
        var frames = new List<bool>(); // per open node: true for a mapping
        int sequences = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case DocumentEnd:
                    return;
                case MappingStart:
                case SequenceStart:
                    if (frames.Count >= MaxDepth)
                    {
                        throw new InvalidDataException($"nested deeper than {MaxDepth} levels");
                    }

                    bool mapping = parser.Current is MappingStart;
                    frames.Add(mapping);
                    sequences += mapping ? 0 : 1;
                    keys.Add(null);
                    break;
                case MappingEnd:
                case SequenceEnd:
                    sequences -= frames[^1] ? 0 : 1;
                    frames.RemoveAt(frames.Count - 1);
                    keys.RemoveAt(keys.Count - 1);
                    Consumed(frames, keys);
                    break;
                case Scalar s:
                    if (frames.Count > 0 && frames[^1] && keys[^1] is null)
                    {
                        keys[^1] = s.Value;
                    }
                    else
                    {
                        if (sequences == 0 && frames.Count > 0 && frames[^1])
                        {
                            values.TryAdd(string.Join('/', keys), s.Value);
                        }

                        Consumed(frames, keys);
                    }

                    break;
                case AnchorAlias:
                    Consumed(frames, keys);
                    break;
            }
        }
    }

    /// <summary>A value finished in the innermost mapping: the next scalar there is a key again.</summary>
    private static void Consumed(List<bool> frames, List<string?> keys)
    {
        if (frames.Count > 0 && frames[^1])
        {
            keys[^1] = null;
        }
    }
}
