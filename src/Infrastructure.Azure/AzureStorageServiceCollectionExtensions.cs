using Infrastructure.Azure.BlobStorage;
using Infrastructure.Azure.EventSourcing;
using Infrastructure.Azure.MessageLog;
using Infrastructure.BlobStorage;
using Infrastructure.EventSourcing;
using Infrastructure.MessageLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Infrastructure.Azure;

/// <summary>The Azure Storage implementations of the stores; options are validated here, so a wrong setting fails at composition.</summary>
public static class AzureStorageServiceCollectionExtensions
{
    /// <summary>Adds the Table Storage event store and its unpublished-events virtual queue.</summary>
    public static IServiceCollection AddAzureTableEventStore(this IServiceCollection services, AzureTableEventStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(sp => new AzureTableEventStore(options, sp.GetService<ILogger<AzureTableEventStore>>()));
        services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<AzureTableEventStore>());
        services.AddSingleton<IUnpublishedEventsQueue>(sp => sp.GetRequiredService<AzureTableEventStore>());
        return services;
    }

    public static IServiceCollection AddAzureTableMessageLog(this IServiceCollection services, AzureTableMessageLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton<IMessageLog>(_ => new AzureTableMessageLog(options));
        return services;
    }

    public static IServiceCollection AddAzureBlobStorage(this IServiceCollection services, AzureBlobStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton<IBlobStorage>(_ => new AzureBlobStorage(options));
        return services;
    }
}
