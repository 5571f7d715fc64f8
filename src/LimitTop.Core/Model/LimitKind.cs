namespace LimitTop.Core.Model;

/// <summary>The limits a finding, an event or a forecast is about.</summary>
public enum LimitKind
{
    ThreadsMax,
    PidMax,
    FileMax,
    Commit,
    Nproc,
    Sigpending,
    Nofile,
    PidsMax,

    /// <summary>The Kubernetes node's allocatable PIDs (the kubelet's config: capacity less reserved and eviction).</summary>
    KubeletPids,
}

/// <summary>
/// The names of the limits as findings, events, the JSON document, the metrics' <c>limit</c> label and the screen
/// spell them (a contract, byte for byte): one spelling each, here. Code that switches on a name uses these constants.
/// </summary>
public static class LimitNames
{
    public const string ThreadsMax = "threads-max";
    public const string PidMax = "pid_max";
    public const string FileMax = "file-max";
    public const string Commit = "commit";
    public const string Nproc = "nproc";
    public const string Sigpending = "sigpending";
    public const string Nofile = "nofile";
    public const string PidsMax = "pids.max";
    public const string KubeletPids = "kubelet-pids";

    public static string Name(this LimitKind kind) => kind switch
    {
        LimitKind.ThreadsMax => ThreadsMax,
        LimitKind.PidMax => PidMax,
        LimitKind.FileMax => FileMax,
        LimitKind.Commit => Commit,
        LimitKind.Nproc => Nproc,
        LimitKind.Sigpending => Sigpending,
        LimitKind.Nofile => Nofile,
        LimitKind.PidsMax => PidsMax,
        LimitKind.KubeletPids => KubeletPids,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The kind a name spells; null for a name this version does not know.</summary>
    public static LimitKind? Parse(string name) => name switch
    {
        ThreadsMax => LimitKind.ThreadsMax,
        PidMax => LimitKind.PidMax,
        FileMax => LimitKind.FileMax,
        Commit => LimitKind.Commit,
        Nproc => LimitKind.Nproc,
        Sigpending => LimitKind.Sigpending,
        Nofile => LimitKind.Nofile,
        PidsMax => LimitKind.PidsMax,
        KubeletPids => LimitKind.KubeletPids,
        _ => null,
    };
}
