namespace Infrastructure.Azure.Storage;

/// <summary>
/// Runs a set-up step (creating a table or container) once for all callers; a failed or cancelled run is
/// not remembered, so the next caller tries again once storage is reachable.
/// </summary>
public sealed class AsyncOnce<T>(Func<Task<T>> run)
{
    private readonly Lock gate = new();
    private Task<T>? task;

    public Task<T> GetAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (task is null || task.IsFaulted || task.IsCanceled)
            {
                task = run();
            }

            return task.WaitAsync(cancellationToken);
        }
    }
}
