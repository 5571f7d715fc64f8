using LimitTop.Core.Model;

namespace LimitTop.Core.Trends;

/// <summary>
/// The scope keys (<see cref="Scope.Key"/>) of users, cgroups and processes ("user:bob", "cgroup:/a", "process:42"), built once per
/// scope so recording a tick allocates no strings. <see cref="Trim"/> forgets them all when they grow past a
/// bound (they are rebuilt on the next tick: a cache, not state).
/// </summary>
internal sealed class ScopeNames
{
    private const int Bound = 8192;
    private readonly Dictionary<int, string> _users = [];
    private readonly Dictionary<string, string> _cgroups = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _processes = [];

    public string User(int uid, string name)
    {
        if (!_users.TryGetValue(uid, out var s) || !Scope.IsKeyOf(s, ScopeKind.User, name))
        {
            _users[uid] = s = Scope.User(name).Key;
        }

        return s;
    }

    public string Cgroup(string path)
    {
        if (!_cgroups.TryGetValue(path, out var s))
        {
            _cgroups[path] = s = Scope.Cgroup(path).Key;
        }

        return s;
    }

    public string Process(int pid)
    {
        if (!_processes.TryGetValue(pid, out var s))
        {
            _processes[pid] = s = Scope.Process(pid).Key;
        }

        return s;
    }

    public void Trim()
    {
        if (_users.Count + _cgroups.Count + _processes.Count > Bound)
        {
            _users.Clear();
            _cgroups.Clear();
            _processes.Clear();
        }
    }
}
