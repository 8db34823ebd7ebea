// Shared source (see Ipv4.cs).
namespace PiCluster.Cluster.Rules;

/// <summary>Validates Kubernetes CronJob schedules: five fields (robfig/cron standard parser) or a macro.</summary>
public static class CronSchedule
{
    private static readonly string[] Macros = { "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly" };
    private static readonly string[] Months = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" };
    private static readonly string[] Days = { "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT" };

    /// <summary>Returns null when valid, else why not.</summary>
    public static string? Check(string? schedule)
    {
        if (schedule is null || schedule.Trim().Length == 0) return "the schedule is empty";
        var text = schedule.Trim();
        if (text.StartsWith("@", System.StringComparison.Ordinal))
        {
            return System.Array.IndexOf(Macros, text) >= 0 ? null : "unknown macro " + text;
        }
        if (text.StartsWith("TZ=", System.StringComparison.Ordinal) || text.StartsWith("CRON_TZ=", System.StringComparison.Ordinal))
        {
            return "time zones belong in the CronJob's timeZone field, not in the schedule";
        }
        var fields = text.Split(new[] { ' ', '\t' }, System.StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5) return "expected 5 fields (minute hour day-of-month month day-of-week), found " + fields.Length;
        return CheckField(fields[0], "minute", 0, 59, null)
            ?? CheckField(fields[1], "hour", 0, 23, null)
            ?? CheckField(fields[2], "day-of-month", 1, 31, null)
            ?? CheckField(fields[3], "month", 1, 12, Months)
            ?? CheckField(fields[4], "day-of-week", 0, 7, Days);
    }

    private static string? CheckField(string field, string name, int min, int max, string[]? names)
    {
        foreach (var item in field.Split(','))
        {
            var range = item;
            var slash = item.IndexOf('/');
            if (slash >= 0)
            {
                range = item.Substring(0, slash);
                if (!int.TryParse(item.Substring(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var step) || step < 1 || step > max)
                    return name + " step in \"" + item + "\" must be 1-" + max;
            }
            if (range == "*" || range == "?") continue;
            var dash = range.IndexOf('-');
            var low = dash >= 0 ? range.Substring(0, dash) : range;
            var high = dash >= 0 ? range.Substring(dash + 1) : null;
            if (!TryValue(low, min, max, names, out var lowValue)) return name + " value \"" + low + "\" is not in " + min + "-" + max;
            if (high is null) continue;
            if (!TryValue(high, min, max, names, out var highValue)) return name + " value \"" + high + "\" is not in " + min + "-" + max;
            if (highValue < lowValue) return name + " range \"" + range + "\" runs backwards";
        }
        return null;
    }

    private static bool TryValue(string text, int min, int max, string[]? names, out int value)
    {
        if (names is not null)
        {
            var index = System.Array.IndexOf(names, text.ToUpperInvariant());
            if (index >= 0)
            {
                value = names.Length == 12 ? index + 1 : index;
                return true;
            }
        }
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }
}
