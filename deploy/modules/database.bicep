// The relational database (process managers, payments, Conference Management, read models, the sites'
// data-protection keys): Azure Database for PostgreSQL flexible server, or Azure SQL Database. Its
// connection string, password included, goes only into Key Vault.
param location string
param baseName string

@allowed([
  'Postgres'
  'SqlServer'
])
param provider string

param administratorLogin string

@secure()
param administratorPassword string

param postgresSkuName string
param postgresSkuTier string
param postgresStorageSizeGB int
param sqlDatabaseSkuName string
param keyVaultName string

var databaseName = 'conference'

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = if (provider == 'Postgres') {
  name: 'psql-${baseName}'
  location: location
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: '16'
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
    storage: {
      storageSizeGB: postgresStorageSizeGB
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
  }
}

resource postgresDatabase 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = if (provider == 'Postgres') {
  parent: postgres
  name: databaseName
}

// 0.0.0.0: connections from Azure services (the apps), not from the internet.
resource postgresFromAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (provider == 'Postgres') {
  parent: postgres
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource sqlServer 'Microsoft.Sql/servers@2023-08-01' = if (provider == 'SqlServer') {
  name: 'sql-${baseName}'
  location: location
  properties: {
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
    minimalTlsVersion: '1.2'
  }
}

resource sqlDatabase 'Microsoft.Sql/servers/databases@2023-08-01' = if (provider == 'SqlServer') {
  parent: sqlServer
  name: databaseName
  location: location
  sku: {
    name: sqlDatabaseSkuName
  }
}

resource sqlFromAzure 'Microsoft.Sql/servers/firewallRules@2023-08-01' = if (provider == 'SqlServer') {
  parent: sqlServer
  name: 'AllowAllWindowsAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource connectionString 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-connection-string'
  properties: {
    value: provider == 'Postgres'
      ? 'Host=${postgres!.properties.fullyQualifiedDomainName};Database=${databaseName};Username=${administratorLogin};Password=${administratorPassword};SSL Mode=Require'
      : 'Server=tcp:${sqlServer!.properties.fullyQualifiedDomainName},1433;Database=${databaseName};User ID=${administratorLogin};Password=${administratorPassword};Encrypt=True'
  }
  dependsOn: [
    postgresDatabase
    sqlDatabase
  ]
}

output connectionStringSecretName string = connectionString.name
output connectionStringSecretUri string = connectionString.properties.secretUri
