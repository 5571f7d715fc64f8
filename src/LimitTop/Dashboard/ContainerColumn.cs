using LimitTop.Core.Columns;

namespace LimitTop.Dashboard;

/// <summary>
/// The CONTAINER column is on by default when any process runs in a container (issue 27): while the user has not
/// chosen the columns (no saved <c>columns=</c>, no change in F2), it is put beside CGROUP (else before COMMAND)
/// whenever the shown snapshot has a containerised process, and left out otherwise; there it moves no column a
/// reader (or a script reading a capture) finds by position before it. Once the user chooses, <see cref="ViewOptions.Columns"/> rules.
/// </summary>
public static class ContainerColumn
{
    public static IReadOnlyList<ProcessColumn> Visible(ViewOptions o, bool anyContainer)
    {
        if (!o.AutoContainerColumn || !anyContainer || o.Columns.Contains(ProcessColumn.Container))
        {
            return o.Columns;
        }

        var list = o.Columns.ToList();
        int cgroup = list.IndexOf(ProcessColumn.Cgroup), command = list.IndexOf(ProcessColumn.Command);
        list.Insert(cgroup >= 0 ? cgroup + 1 : command >= 0 ? command : list.Count, ProcessColumn.Container);
        return list;
    }
}
