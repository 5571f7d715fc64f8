using LimitTop.Core.Columns;

namespace LimitTop.Dashboard;

/// <summary>
/// The CONTAINER column is on by default when any process runs in a container (issue 27): while the user has not
/// chosen the columns (no saved <c>columns=</c>, no change in F2), it is put after USER whenever the shown snapshot
/// has a containerised process, and left out otherwise. Once the user chooses, <see cref="ViewOptions.Columns"/> rules.
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
        int user = list.IndexOf(ProcessColumn.User);
        list.Insert(user >= 0 ? user + 1 : Math.Max(0, list.Count - 1), ProcessColumn.Container);
        return list;
    }
}
