// The Service Bus namespace with the topology generated from Settings.Template.xml (deploy/topology.json),
// so the hosts run with CreateTopology=false and need no Manage right; and the apps' data roles on it.
param location string
param baseName string
param topology object

@description('Role assignments on the namespace: principalId and roleDefinitionId (a GUID).')
param assignments array

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: 'sb-${baseName}'
  location: location
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    minimumTlsVersion: '1.2'
    // Only Entra ID: the apps sign in with their managed identities, so no key can leak.
    disableLocalAuth: true
  }
}

resource topics 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = [for topic in topology.topics: {
  parent: namespace
  name: topic.resourceName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: topic.duplicateDetectionHistoryTimeWindow
  }
}]

resource subscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [for subscription in topology.subscriptions: {
  name: '${namespace.name}/${subscription.topicResourceName}/${subscription.name}'
  properties: {
    lockDuration: subscription.lockDuration
    maxDeliveryCount: subscription.maxDeliveryCount
    requiresSession: subscription.requiresSession
    deadLetteringOnMessageExpiration: true
  }
  dependsOn: [
    topics
  ]
}]

// The transport's one rule per subscription; $Default (everything) is not created by ARM when a rule is given.
resource rules 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2024-01-01' = [for (subscription, i) in topology.subscriptions: {
  parent: subscriptions[i]
  name: subscription.ruleName
  properties: {
    filterType: 'SqlFilter'
    sqlFilter: {
      sqlExpression: subscription.sqlExpression
    }
  }
}]

resource roles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for assignment in assignments: {
  scope: namespace
  name: guid(namespace.id, assignment.principalId, assignment.roleDefinitionId)
  properties: {
    principalId: assignment.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleDefinitionId)
  }
}]

output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
output namespaceName string = namespace.name
