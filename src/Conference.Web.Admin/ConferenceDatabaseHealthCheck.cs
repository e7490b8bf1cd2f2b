using Conference.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conference.Web.Admin;

/// <summary>Healthy when Conference Management's tables answer a query (reachable and migrated).</summary>
internal sealed class ConferenceDatabaseHealthCheck(ConferenceDbContext database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            _ = await database.Conferences.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The Conference Management database cannot be reached.", ex);
        }
    }
}
