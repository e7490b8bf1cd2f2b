namespace Infrastructure.Hosting;

public static class PeriodicTimerExtensions
{
    /// <summary>Waits for the next tick; false once the host is stopping, so a sweep loop ends without an exception.</summary>
    public static async Task<bool> WaitForNextTickOrStopAsync(this PeriodicTimer timer, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
