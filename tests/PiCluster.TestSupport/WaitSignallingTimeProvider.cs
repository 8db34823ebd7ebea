using Microsoft.Extensions.Time.Testing;

namespace PiCluster.TestSupport;

/// <summary>
/// A FakeTimeProvider that says when code starts waiting on it (a timer with a due time is created, as
/// <c>Task.Delay(span, timeProvider)</c> does), so a test advances the clock exactly then instead of sleeping.
/// </summary>
public sealed class WaitSignallingTimeProvider : FakeTimeProvider
{
    private readonly SemaphoreSlim _waits = new(0);

    /// <summary>Completes when the next wait starts (or at once if one started since the last call).</summary>
    public Task NextWaitAsync() => _waits.WaitAsync();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan) _waits.Release();
        return timer;
    }
}
