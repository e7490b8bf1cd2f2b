using Conference.Common.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Conference.Common;

public static class SettingsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IOptions{ConferenceOptions}"/> bound to the configuration's <c>Conference</c>
    /// section and checked when the host starts: a wrong setting stops start-up naming it.
    /// </summary>
    public static IServiceCollection AddConferenceOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConferenceOptions>, ConferenceOptionsValidator>());
        services.AddOptions<ConferenceOptions>()
            .Configure(options => ConferenceOptionsBinding.Bind(configuration, options))
            .ValidateOnStart();
        return services;
    }
}
