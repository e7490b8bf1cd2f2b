using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Infrastructure.Hosting;

public static class StartupTaskServiceCollectionExtensions
{
    /// <summary>
    /// Runs <paramref name="task"/> in its own scope when the host starts, after the services
    /// registered before it (migrations and topology go first): e.g. sending what an outbox kept
    /// when the previous process died.
    /// </summary>
    public static IServiceCollection AddStartupTask(this IServiceCollection services, Func<IServiceProvider, CancellationToken, Task> task) =>
        services.AddSingleton<IHostedService>(sp => new StartupTask(sp.GetRequiredService<IServiceScopeFactory>(), task));

    private sealed class StartupTask(IServiceScopeFactory scopes, Func<IServiceProvider, CancellationToken, Task> task) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            await task(scope.ServiceProvider, cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
