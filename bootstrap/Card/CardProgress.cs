using Spectre.Console;

namespace PiCluster.Bootstrap.Card;

/// <summary>Where long steps (download, write) report how far they are.</summary>
public interface ICardProgress
{
    IProgressStep Start(string description, long total);

    /// <summary>A line for the operator that does not belong to a step.</summary>
    void Note(string message);
}

public interface IProgressStep : IDisposable
{
    void Advance(long amount);

    void SetTotal(long total);
}

/// <summary>Spectre.Console progress bars; only inside <see cref="ProgressContext"/>.</summary>
public sealed class SpectreCardProgress(ProgressContext context, IAnsiConsole console) : ICardProgress
{
    public IProgressStep Start(string description, long total) =>
        new Step(context.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1)));

    public void Note(string message) => console.MarkupLine(Markup.Escape(message));

    private sealed class Step(ProgressTask task) : IProgressStep
    {
        public void Advance(long amount) => task.Increment(amount);

        public void SetTotal(long total) => task.MaxValue = Math.Max(total, 1);

        public void Dispose()
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }
}

/// <summary>Plain lines at every 25% for logs and pipes, where bars would be noise.</summary>
public sealed class PlainCardProgress(TextWriter output) : ICardProgress
{
    public IProgressStep Start(string description, long total)
    {
        output.WriteLine($"{description} …");
        return new Step(output, description, total);
    }

    public void Note(string message) => output.WriteLine(message);

    private sealed class Step(TextWriter output, string description, long total) : IProgressStep
    {
        private long _done;
        private int _lastQuarter;

        public void Advance(long amount)
        {
            _done += amount;
            if (total <= 0) return;
            var quarter = (int)Math.Min(4, _done * 4 / total);
            if (quarter > _lastQuarter && quarter < 4)
            {
                _lastQuarter = quarter;
                output.WriteLine($"{description}: {quarter * 25}%");
            }
        }

        public void SetTotal(long value) => total = value;

        public void Dispose() => output.WriteLine($"{description}: done");
    }
}
