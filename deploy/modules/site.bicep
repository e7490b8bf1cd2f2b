// One app on the shared Linux plan: .NET 10, HTTPS only, TLS 1.2, FTP off, its user-assigned identity
// (also for Key Vault references), the platform health check, and the app settings it reads.
param location string
param name string
param planId string
param identityId string
param startupCommand string
param healthCheckPath string
param alwaysOn bool

@description('Instances of this app (per-app scaling on the plan).')
param instanceCount int

@description('Settings by name: Conference__... and the platform\'s; secrets only as Key Vault references.')
param appSettings object

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: planId
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      appCommandLine: startupCommand
      alwaysOn: alwaysOn
      numberOfWorkers: instanceCount
      healthCheckPath: healthCheckPath
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [for setting in items(appSettings): {
        name: setting.key
        value: setting.value
      }]
    }
  }
}

resource ftp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

output defaultHostName string = site.properties.defaultHostName
