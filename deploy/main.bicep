// Conference on Azure: the public site, the management site and the processor on one Linux App Service
// plan; Service Bus (topology from Settings.Template.xml), Table and Blob Storage, PostgreSQL (or Azure
// SQL), Key Vault, Application Insights; one user-assigned identity per app with only the roles it needs.
// deploy/README.md explains every parameter; deploy/deploy.sh deploys it.
targetScope = 'resourceGroup'

@description('Short name of the environment (dev, test, prod): part of every resource name.')
@minLength(2)
@maxLength(10)
param environmentName string

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('App Service plan size (Linux). Premium v3 has per-app scaling, so the processor scales on its own.')
param appServicePlanSku string = 'P0v3'

@description('Instances of each site.')
@minValue(1)
param siteInstanceCount int = 1

@description('Instances of the processor: several are safe (every handler is idempotent, the subscriptions share the work).')
@minValue(1)
param processorInstanceCount int = 1

@description('Relational database: Postgres (Azure Database for PostgreSQL flexible server) or SqlServer (Azure SQL Database).')
@allowed([
  'Postgres'
  'SqlServer'
])
param databaseProvider string = 'Postgres'

@description('PostgreSQL flexible server size.')
param postgresSkuName string = 'Standard_B1ms'

@description('PostgreSQL flexible server tier (Burstable, GeneralPurpose, MemoryOptimized).')
param postgresSkuTier string = 'Burstable'

@description('PostgreSQL storage in GB.')
param postgresStorageSizeGB int = 32

@description('Azure SQL Database size, when databaseProvider is SqlServer.')
param sqlDatabaseSkuName string = 'S0'

@description('Database administrator login.')
param databaseAdministratorLogin string = 'conference'

@description('Database administrator password: written only into Key Vault.')
@secure()
param databaseAdministratorPassword string

@description('Sender address of the emails to registrants and business customers.')
param emailFrom string

@description('SMTP server for the emails.')
param smtpHost string

@description('SMTP port (587 with STARTTLS, 465 with TLS from the connect).')
param smtpPort int = 587

@description('SMTP user name.')
param smtpUserName string

@description('SMTP password: written only into Key Vault.')
@secure()
param smtpPassword string

@description('Days the logs and traces are kept.')
param logRetentionInDays int = 30

var topology = loadJsonContent('topology.json')
var access = loadJsonContent('access.json')
var baseName = 'conference-${environmentName}'
var suffix = uniqueString(resourceGroup().id, environmentName)

resource publicIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${baseName}-public'
  location: location
}

resource adminIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${baseName}-admin'
  location: location
}

resource processorIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${baseName}-processor'
  location: location
}

var principals = {
  public: publicIdentity.properties.principalId
  admin: adminIdentity.properties.principalId
  processor: processorIdentity.properties.principalId
}

var appNames = [
  'public'
  'admin'
  'processor'
]

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    baseName: baseName
    retentionInDays: logRetentionInDays
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    location: location
    baseName: '${baseName}-${suffix}'
    topology: topology
    assignments: flatten(map(appNames, app => map(access.apps[app].serviceBus, role => {
      principalId: principals[app]
      roleDefinitionId: access.roleDefinitions[role]
    })))
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    storageAccountName: 'stconf${suffix}'
    blobContainerName: topology.blobContainer
    tableNames: topology.tables
    assignments: flatten(map(appNames, app => map(access.apps[app].storage, role => {
      principalId: principals[app]
      roleDefinitionId: access.roleDefinitions[role]
    })))
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    keyVaultName: 'kvconf${suffix}'
    smtpPassword: smtpPassword
  }
}

module database 'modules/database.bicep' = {
  name: 'database'
  params: {
    location: location
    baseName: '${baseName}-${suffix}'
    provider: databaseProvider
    administratorLogin: databaseAdministratorLogin
    administratorPassword: databaseAdministratorPassword
    postgresSkuName: postgresSkuName
    postgresSkuTier: postgresSkuTier
    postgresStorageSizeGB: postgresStorageSizeGB
    sqlDatabaseSkuName: sqlDatabaseSkuName
    keyVaultName: keyVault.outputs.keyVaultName
  }
}

var secretNames = {
  database: database.outputs.connectionStringSecretName
  smtp: keyVault.outputs.smtpSecretName
}

module secretAccess 'modules/secretaccess.bicep' = {
  name: 'secretaccess'
  params: {
    keyVaultName: keyVault.outputs.keyVaultName
    assignments: flatten(map(appNames, app => map(access.apps[app].secrets, secret => {
      principalId: principals[app]
      secretName: secretNames[secret]
      roleDefinitionId: access.roleDefinitions.keyVaultSecretsUser
    })))
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'asp-${baseName}'
  location: location
  kind: 'linux'
  sku: {
    name: appServicePlanSku
    capacity: max(siteInstanceCount, processorInstanceCount)
  }
  properties: {
    reserved: true
    perSiteScaling: true
  }
}

var databaseConnectionString = '@Microsoft.KeyVault(SecretUri=${database.outputs.connectionStringSecretUri})'
var smtpPasswordReference = '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.smtpSecretUri})'

module publicSite 'modules/site.bicep' = {
  name: 'site-public'
  params: {
    location: location
    name: 'app-${baseName}-public-${suffix}'
    planId: plan.id
    identityId: publicIdentity.id
    startupCommand: 'dotnet Conference.Web.Public.dll'
    healthCheckPath: '/health'
    alwaysOn: true
    instanceCount: siteInstanceCount
    appSettings: {
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.applicationInsightsConnectionString
      ForwardedHeaders__Enabled: 'true'
      Conference__Database__Provider: databaseProvider
      Conference__Database__ConnectionString: databaseConnectionString
      Conference__Messaging__Transport: 'AzureServiceBus'
      Conference__Messaging__FullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
      Conference__Messaging__ManagedIdentityClientId: publicIdentity.properties.clientId
      Conference__Messaging__CreateTopology: 'false'
      Conference__Blobs__Kind: 'AzureBlob'
      Conference__Blobs__ServiceUri: storage.outputs.blobServiceUri
      Conference__Blobs__ManagedIdentityClientId: publicIdentity.properties.clientId
    }
  }
  dependsOn: [
    secretAccess
  ]
}

module adminSite 'modules/site.bicep' = {
  name: 'site-admin'
  params: {
    location: location
    name: 'app-${baseName}-admin-${suffix}'
    planId: plan.id
    identityId: adminIdentity.id
    startupCommand: 'dotnet Conference.Web.Admin.dll'
    healthCheckPath: '/health'
    alwaysOn: true
    instanceCount: siteInstanceCount
    appSettings: {
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.applicationInsightsConnectionString
      ForwardedHeaders__Enabled: 'true'
      Conference__Database__Provider: databaseProvider
      Conference__Database__ConnectionString: databaseConnectionString
      Conference__Messaging__Transport: 'AzureServiceBus'
      Conference__Messaging__FullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
      Conference__Messaging__ManagedIdentityClientId: adminIdentity.properties.clientId
      Conference__Messaging__CreateTopology: 'false'
      Conference__Email__Delivery: 'Smtp'
      Conference__Email__From: emailFrom
      Conference__Email__SmtpHost: smtpHost
      Conference__Email__SmtpPort: string(smtpPort)
      Conference__Email__SmtpUserName: smtpUserName
      Conference__Email__SmtpUseTls: 'true'
      Conference__Email__SmtpPassword: smtpPasswordReference
    }
  }
  dependsOn: [
    secretAccess
  ]
}

module processor 'modules/site.bicep' = {
  name: 'site-processor'
  params: {
    location: location
    name: 'app-${baseName}-processor-${suffix}'
    planId: plan.id
    identityId: processorIdentity.id
    startupCommand: 'dotnet Conference.Processor.dll'
    healthCheckPath: '/health'
    alwaysOn: true
    instanceCount: processorInstanceCount
    appSettings: {
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.applicationInsightsConnectionString
      Processor__HealthUrls: 'http://+:8080'
      WEBSITES_PORT: '8080'
      Conference__Database__Provider: databaseProvider
      Conference__Database__ConnectionString: databaseConnectionString
      Conference__Messaging__Transport: 'AzureServiceBus'
      Conference__Messaging__FullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
      Conference__Messaging__ManagedIdentityClientId: processorIdentity.properties.clientId
      Conference__Messaging__CreateTopology: 'false'
      Conference__EventStore__Kind: 'AzureTable'
      Conference__EventStore__ServiceUri: storage.outputs.tableServiceUri
      Conference__EventStore__ManagedIdentityClientId: processorIdentity.properties.clientId
      Conference__MessageLog__Kind: 'AzureTable'
      Conference__MessageLog__ServiceUri: storage.outputs.tableServiceUri
      Conference__MessageLog__ManagedIdentityClientId: processorIdentity.properties.clientId
      Conference__Blobs__Kind: 'AzureBlob'
      Conference__Blobs__ServiceUri: storage.outputs.blobServiceUri
      Conference__Blobs__ManagedIdentityClientId: processorIdentity.properties.clientId
      Conference__Email__Delivery: 'Smtp'
      Conference__Email__From: emailFrom
      Conference__Email__SmtpHost: smtpHost
      Conference__Email__SmtpPort: string(smtpPort)
      Conference__Email__SmtpUserName: smtpUserName
      Conference__Email__SmtpUseTls: 'true'
      Conference__Email__SmtpPassword: smtpPasswordReference
    }
  }
  dependsOn: [
    secretAccess
  ]
}

output publicSiteUrl string = 'https://${publicSite.outputs.defaultHostName}'
output adminSiteUrl string = 'https://${adminSite.outputs.defaultHostName}'
output publicSiteName string = 'app-${baseName}-public-${suffix}'
output adminSiteName string = 'app-${baseName}-admin-${suffix}'
output processorName string = 'app-${baseName}-processor-${suffix}'
output serviceBusNamespace string = serviceBus.outputs.namespaceName
