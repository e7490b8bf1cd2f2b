using System.Text.RegularExpressions;
using Infrastructure.Azure.Storage;

namespace Infrastructure.Azure.BlobStorage;

public sealed partial record AzureBlobStorageOptions
{
    public required AzureStorageAccount Account { get; init; }

    /// <summary>The container the documents are kept in; created on first use.</summary>
    public string ContainerName { get; init; } = "conference-blobs";

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Account, nameof(Account));
        Account.Validate("blob storage account");
        if (string.IsNullOrEmpty(ContainerName) || !ContainerNamePattern().IsMatch(ContainerName) || ContainerName.Contains("--", StringComparison.Ordinal))
        {
            throw new InvalidSettingException("blob storage container", $"'{ContainerName}' is not a valid container name: 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerNamePattern();
}
