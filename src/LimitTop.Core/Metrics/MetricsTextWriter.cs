using System.Globalization;
using System.Text;

namespace LimitTop.Core.Metrics;

/// <summary>Which exposition format a scrape asked for.</summary>
public enum MetricsFormat
{
    /// <summary>Prometheus text format 0.0.4 (<c>text/plain; version=0.0.4</c>).</summary>
    Prometheus004 = 0,

    /// <summary>OpenMetrics 1.0.0 (<c>application/openmetrics-text; version=1.0.0</c>).</summary>
    OpenMetrics100 = 1,
}

/// <summary>
/// Low-level writer of the text exposition formats: one family header (HELP, TYPE) followed by its samples. Label
/// values are escaped as both formats require (backslash, double quote, line feed), so a hostile process name
/// cannot break a line or forge a series. In OpenMetrics a counter family is named without <c>_total</c> and its
/// sample carries it; the output ends with <c># EOF</c>.
/// </summary>
public sealed class MetricsTextWriter
{
    private readonly StringBuilder _sb;
    private readonly MetricsFormat _format;
    private string _sampleName = "";

    public MetricsTextWriter(StringBuilder sb, MetricsFormat format)
    {
        _sb = sb;
        _format = format;
    }

    public static string ContentType(MetricsFormat format) => format == MetricsFormat.OpenMetrics100
        ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
        : "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Starts a gauge family.</summary>
    public void Gauge(string name, string help) => Family(name, help, "gauge", name);

    /// <summary>Starts a counter family; <paramref name="name"/> ends with <c>_total</c>.</summary>
    public void Counter(string name, string help)
    {
        if (!name.EndsWith("_total", StringComparison.Ordinal))
        {
            throw new ArgumentException("a counter's name ends with _total", nameof(name));
        }

        string family = _format == MetricsFormat.OpenMetrics100 ? name[..^"_total".Length] : name;
        Family(family, help, "counter", name);
    }

    private void Family(string family, string help, string type, string sample)
    {
        _sampleName = sample;
        _sb.Append("# HELP ").Append(family).Append(' ');
        EscapeHelp(help);
        _sb.Append('\n').Append("# TYPE ").Append(family).Append(' ').Append(type).Append('\n');
    }

    /// <summary>One sample of the current family; labels are (name, value) pairs.</summary>
    public void Sample(double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        _sb.Append(_sampleName);
        if (labels.Length > 0)
        {
            _sb.Append('{');
            for (int i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    _sb.Append(',');
                }

                _sb.Append(labels[i].Name).Append("=\"");
                EscapeLabel(labels[i].Value);
                _sb.Append('"');
            }

            _sb.Append('}');
        }

        _sb.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    /// <summary>Closes the exposition (OpenMetrics requires <c># EOF</c>; 0.0.4 needs nothing).</summary>
    public void End()
    {
        if (_format == MetricsFormat.OpenMetrics100)
        {
            _sb.Append("# EOF\n");
        }
    }

    public static string FormatValue(double v)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }

        if (double.IsInfinity(v))
        {
            return v > 0 ? "+Inf" : "-Inf";
        }

        return v == Math.Floor(v) && Math.Abs(v) < 1e15
            ? ((long)v).ToString(CultureInfo.InvariantCulture)
            : v.ToString("R", CultureInfo.InvariantCulture);
    }

    private void EscapeLabel(string value)
    {
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': _sb.Append("\\\\"); break;
                case '"': _sb.Append("\\\""); break;
                case '\n': _sb.Append("\\n"); break;
                // The one escaping rule (SafeText) for the rest, in the exposition's own escaping: a C1 or
                // bidi character reads as the label value \x9b or \u202e, never raw.
                case var u when Text.SafeText.IsUnsafe(u): _sb.Append('\\').Append(Text.SafeText.EscapeOf(u)); break;
                default: _sb.Append(c); break;
            }
        }
    }

    private void EscapeHelp(string help)
    {
        foreach (char c in help)
        {
            switch (c)
            {
                case '\\': _sb.Append("\\\\"); break;
                case '\n': _sb.Append("\\n"); break;
                case '"' when _format == MetricsFormat.OpenMetrics100: _sb.Append("\\\""); break;
                default: _sb.Append(c); break;
            }
        }
    }
}
