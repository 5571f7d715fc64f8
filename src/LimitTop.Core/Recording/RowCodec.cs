namespace LimitTop.Core.Recording;

/// <summary>
/// How one kind of row is keyed, written and read (docs/recording.md "Payload"). <see cref="Normalize"/> is what
/// the reader gets back for a row (the precision the journal keeps); the writer compares normalized rows, so a
/// change below that precision costs nothing. Rows without a field mask are replaced whole when they change.
/// </summary>
public abstract class RowCodec<T, TKey>
    where T : class
    where TKey : notnull
{
    /// <summary>The mask meaning "replace the row".</summary>
    public const ulong Replace = ulong.MaxValue;

    public abstract TKey Key(T row);

    public abstract void Write(PayloadWriter w, T row);

    public abstract T Read(PayloadReader r);

    public virtual T Normalize(T row) => row;

    /// <summary>True when <see cref="Diff"/> gives a row and its <see cref="Normalize"/>d form the same mask (against a
    /// normalized previous row): the writer then normalizes only the rows it writes.</summary>
    public virtual bool DiffsRaw => false;

    /// <summary>The order of the keys when lists usually come sorted by key (processes in pid order): then a list is
    /// diffed by a merge, without hashing every key; null when the lists have no such order.</summary>
    public virtual IComparer<TKey>? Order => null;

    /// <summary>0 when <paramref name="cur"/> reads back as <paramref name="prev"/>; a field mask; or <see cref="Replace"/>.</summary>
    public virtual ulong Diff(T prev, T cur) => EqualityComparer<T>.Default.Equals(prev, cur) ? 0 : Replace;

    public virtual void WritePatch(PayloadWriter w, T prev, T cur, ulong mask) => throw new NotSupportedException();

    public virtual T ReadPatch(PayloadReader r, T prev, ulong mask) => throw new NotSupportedException();

    /// <summary>What the reader holds after the patch: <paramref name="prev"/> with the masked fields of <paramref name="cur"/>.</summary>
    public virtual T ApplyPatch(T prev, T cur, ulong mask) => throw new NotSupportedException();
}
