using Infrastructure.Sql.Database;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Common.Hosting;

public static class DataProtectionServiceCollectionExtensions
{
    /// <summary>The store name of the key ring, as the start-up log and the migrate verb name it.</summary>
    public const string StoreName = "data-protection keys";

    /// <summary>The key ring's store alone: the processor migrates it, as it does every store the sites use.</summary>
    public static IServiceCollection AddSqlDataProtectionKeys(this IServiceCollection services, SqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return services.AddSqlStore(SqlStore.For<DataProtectionKeysDbContext>(StoreName, database, DataProtectionKeysDbContext.MigrationsHistoryTable, o => new DataProtectionKeysDbContext(o)));
    }

    /// <summary>
    /// Data protection with its key ring in <paramref name="database"/>, shared by every instance of the site
    /// named <paramref name="applicationName"/> (the name isolates one site's payloads from the other's).
    /// </summary>
    public static IServiceCollection AddConferenceDataProtection(this IServiceCollection services, SqlDatabase database, string applicationName)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrWhiteSpace(applicationName);
        services.AddSqlDataProtectionKeys(database);
        services.AddDbContext<DataProtectionKeysDbContext>(o => database.Configure(o, DataProtectionKeysDbContext.MigrationsHistoryTable));
        services.AddDataProtection()
            .SetApplicationName(applicationName)
            .PersistKeysToDbContext<DataProtectionKeysDbContext>();
        return services;
    }
}
