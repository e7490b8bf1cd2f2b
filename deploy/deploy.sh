#!/usr/bin/env bash
# Deploys Conference to Azure: compiles the Bicep templates, publishes the three hosts, creates or updates
# the infrastructure in a resource group and zip-deploys each app. deploy/README.md is the guide.
#
#   deploy/deploy.sh --environment <name> --resource-group <group> [--subscription <id>] [--location <region>]
#                    [--parameters <file.json>] [--what-if]
#   deploy/deploy.sh --publish-only <folder>      only publish the three hosts as zip packages into <folder>
#
# The secrets and the email settings come from the environment, never from a file in the repository:
#   CONFERENCE_DB_ADMIN_PASSWORD, CONFERENCE_SMTP_PASSWORD, CONFERENCE_SMTP_HOST, CONFERENCE_SMTP_USER, CONFERENCE_EMAIL_FROM
#
# Exit codes: 0 done; 1 wrong usage; 3 the Azure CLI is not installed; 4 not signed in; 5 the subscription cannot
# be selected; 6 the resource group does not exist; 7 a required variable is missing; 8 the Bicep CLI or the
# templates' build failed; 9 publishing a host failed; 10 the deployment or a zip deploy failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AZ="${AZ:-az}"
BICEP_VERSION="0.49.2"
APPS=(Conference.Web.Public Conference.Web.Admin Conference.Processor)

environment=""; group=""; subscription=""; location=""; parameters=""; what_if=false; publish_only=""

fail() { echo "deploy.sh: $2" >&2; exit "$1"; }

usage() {
  sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 1
}

while [ $# -gt 0 ]; do
  case "$1" in
    --environment) environment="${2:-}"; shift 2 ;;
    --resource-group) group="${2:-}"; shift 2 ;;
    --subscription) subscription="${2:-}"; shift 2 ;;
    --location) location="${2:-}"; shift 2 ;;
    --parameters) parameters="${2:-}"; shift 2 ;;
    --what-if) what_if=true; shift ;;
    --publish-only) publish_only="${2:-}"; [ -n "$publish_only" ] || usage; shift 2 ;;
    -h|--help) usage ;;
    *) echo "deploy.sh: unknown argument '$1'" >&2; usage ;;
  esac
done

# Publishes each host (Release, framework-dependent: App Service brings .NET 10) and zips it as <folder>/<host>.zip.
publish() {
  local out="$1"
  mkdir -p "$out"
  out="$(cd "$out" && pwd)"
  for app in "${APPS[@]}"; do
    echo "Publishing $app"
    rm -rf "$out/$app" "$out/$app.zip"
    # Restored first and published without restoring: a restore that changes nothing leaves the assets files alone.
    dotnet restore "$ROOT/src/$app/$app.csproj" -nologo -v quiet || fail 9 "restoring $app failed."
    dotnet publish "$ROOT/src/$app/$app.csproj" --no-restore -c Release -o "$out/$app" -nologo -v quiet \
      || fail 9 "publishing $app failed (see the build output above)."
    (cd "$out/$app" && zip -qr "$out/$app.zip" .) || fail 9 "zipping $app failed (is zip installed?)."
  done
  echo "Packages: $out/Conference.Web.Public.zip, $out/Conference.Web.Admin.zip, $out/Conference.Processor.zip"
}

if [ -n "$publish_only" ]; then
  publish "$publish_only"
  exit 0
fi

[ -n "$environment" ] || fail 1 "--environment <name> is required (e.g. dev, prod)."
[ -n "$group" ] || fail 1 "--resource-group <group> is required."

# Prerequisites, each with what to do about it.
command -v "$AZ" >/dev/null 2>&1 \
  || fail 3 "the Azure CLI (az) is not installed: install it (e.g. the azure-cli package), then run 'az login'."
"$AZ" account show --output none >/dev/null 2>&1 \
  || fail 4 "not signed in to Azure: run 'az login' (and 'az account set --subscription <id>')."
if [ -n "$subscription" ]; then
  "$AZ" account set --subscription "$subscription" >/dev/null 2>&1 \
    || fail 5 "subscription '$subscription' cannot be selected: check 'az account list'."
fi
"$AZ" group show --name "$group" --output none >/dev/null 2>&1 \
  || fail 6 "resource group '$group' does not exist in subscription '$("$AZ" account show --query name -o tsv 2>/dev/null)': create it with 'az group create --name $group --location <region>'."
for variable in CONFERENCE_DB_ADMIN_PASSWORD CONFERENCE_SMTP_PASSWORD CONFERENCE_SMTP_HOST CONFERENCE_SMTP_USER CONFERENCE_EMAIL_FROM; do
  [ -n "${!variable:-}" ] || fail 7 "the variable $variable is not set (deploy/README.md, \"Settings and secrets\")."
done

# The Bicep CLI from the NuGet package, restored like any package of the repository.
bicep="${NUGET_PACKAGES:-$HOME/.nuget/packages}/azure.bicep.commandline.linux-x64/$BICEP_VERSION/tools/bicep"
if [ ! -f "$bicep" ]; then
  dotnet restore "$ROOT/tests/Deploy.Tests/Deploy.Tests.csproj" -nologo -v quiet || fail 8 "restoring the Bicep CLI (Azure.Bicep.CommandLine.linux-x64 $BICEP_VERSION) failed."
fi
chmod +x "$bicep"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bicep" build "$ROOT/deploy/main.bicep" --outfile "$work/main.json" || fail 8 "the templates do not compile."

arguments=(--resource-group "$group" --template-file "$work/main.json" --name "conference-$environment"
  --parameters environmentName="$environment"
  databaseAdministratorPassword="$CONFERENCE_DB_ADMIN_PASSWORD" smtpPassword="$CONFERENCE_SMTP_PASSWORD"
  smtpHost="$CONFERENCE_SMTP_HOST" smtpUserName="$CONFERENCE_SMTP_USER" emailFrom="$CONFERENCE_EMAIL_FROM")
[ -z "$location" ] || arguments+=(location="$location")
[ -z "$parameters" ] || arguments+=(--parameters "@$parameters")

if $what_if; then
  "$AZ" deployment group what-if "${arguments[@]}" || fail 10 "what-if failed."
  exit 0
fi

publish "$work/packages"
echo "Deploying the infrastructure to $group"
"$AZ" deployment group create "${arguments[@]}" --output none || fail 10 "the deployment failed: 'az deployment group show -g $group -n conference-$environment'."

output() { "$AZ" deployment group show --resource-group "$group" --name "conference-$environment" --query "properties.outputs.$1.value" --output tsv; }
# The processor first: it migrates the database; the sites wait for it at start.
for pair in "processorName:Conference.Processor" "publicSiteName:Conference.Web.Public" "adminSiteName:Conference.Web.Admin"; do
  site="$(output "${pair%%:*}")"
  echo "Deploying ${pair#*:} to $site"
  "$AZ" webapp deploy --resource-group "$group" --name "$site" --src-path "$work/packages/${pair#*:}.zip" --type zip \
    || fail 10 "zip deploy of ${pair#*:} to $site failed."
done
echo "Done. Registration: $(output publicSiteUrl)  Conference management: $(output adminSiteUrl)"
