using Azure.Storage.Blobs;
using Infrastructure.Azure.BlobStorage;
using Infrastructure.Azure.Storage;
using Infrastructure.Azure.Tests.Storage;
using Infrastructure.BlobStorage;
using Microsoft.Extensions.DependencyInjection;

namespace Infrastructure.Azure.Tests;

public sealed class AzureBlobStorageSpecs : IAsyncLifetime
{
    private readonly string container = Azurite.UniqueContainerName();

    private AzureBlobStorageOptions Options => new() { Account = Azurite.Account, ContainerName = container };

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Azurite.DeleteContainerAsync(container);

    [Fact]
    public async Task when_a_document_is_saved_then_it_is_a_blob_named_by_its_id_with_its_content_type_in_a_container_created_on_first_use()
    {
        using var provider = new ServiceCollection().AddAzureBlobStorage(Options).BuildServiceProvider();

        await provider.GetRequiredService<IBlobStorage>().SaveAsync("seat-assignments/1", "application/json", "{}"u8.ToArray(), default);
        await provider.GetRequiredService<IBlobStorage>().SaveAsync("seat-assignments/1", "text/plain", "{}"u8.ToArray(), default);

        var properties = await new BlobServiceClient(Azurite.ConnectionString).GetBlobContainerClient(container).GetBlobClient("seat-assignments/1").GetPropertiesAsync();
        Assert.Equal("text/plain", properties.Value.ContentType);
        Assert.Equal(2, properties.Value.ContentLength);
    }

    [Fact]
    public void when_the_options_name_a_bad_container_or_no_account_then_composition_fails_naming_the_setting()
    {
        var services = new ServiceCollection();

        var badContainer = Assert.Throws<InvalidSettingException>(() => services.AddAzureBlobStorage(Options with { ContainerName = "Blobs_1" }));
        var noAccount = Assert.Throws<InvalidSettingException>(() => services.AddAzureBlobStorage(new AzureBlobStorageOptions { Account = new AzureStorageAccount(), ContainerName = container }));
        var relativeUri = Assert.Throws<InvalidSettingException>(() => services.AddAzureBlobStorage(Options with { Account = new AzureStorageAccount { ServiceUri = new Uri("blobs", UriKind.Relative) } }));

        Assert.Equal("blob storage container", badContainer.SettingName);
        Assert.Equal("blob storage account", noAccount.SettingName);
        Assert.Contains("absolute", relativeUri.Message, StringComparison.Ordinal);
        Assert.Empty(services);
    }
}
