using LimitTop.Core.Model;

namespace LimitTop.Core.Trends;

/// <summary>The K processes with the highest key, into a reused buffer (O(n·K), no allocation, no sort of all).</summary>
internal sealed class TopPicker(int k)
{
    private readonly ProcessSample[] _picked = new ProcessSample[k];
    private readonly int[] _keys = new int[k];

    public ReadOnlySpan<ProcessSample> Pick(IReadOnlyList<ProcessSample> processes, Func<ProcessSample, int> key)
    {
        int n = 0;
        foreach (var p in processes)
        {
            int v = key(p);
            if (v < 0 || (n == _picked.Length && v <= _keys[n - 1]))
            {
                continue;
            }

            int i = n < _picked.Length ? n++ : n - 1;
            while (i > 0 && _keys[i - 1] < v)
            {
                _keys[i] = _keys[i - 1];
                _picked[i] = _picked[i - 1];
                i--;
            }

            _keys[i] = v;
            _picked[i] = p;
        }

        return _picked.AsSpan(0, n);
    }
}
