# Runbook 002, phase 2 step 3 (Ambassador API gateway), as an offline null_resource.
terraform {
  required_providers {
    null = {
      source  = "hashicorp/null"
      version = ">= 2.1.2"
    }
  }
}

resource "null_resource" "release" {
  triggers = {
    cluster_name  = var.cluster_name
    namespace     = var.namespace
    chart_version = var.chart_version
    replicas      = tostring(var.replicas)
  }
}
