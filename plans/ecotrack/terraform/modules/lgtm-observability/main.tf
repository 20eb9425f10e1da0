# Runbook 002, phase 3 step 1 (Loki, Grafana, Tempo, Mimir), as an offline null_resource.
terraform {
  required_providers {
    null = {
      source  = "hashicorp/null"
      version = ">= 2.1.2"
    }
  }
}

resource "null_resource" "stack" {
  triggers = {
    cluster_name = var.cluster_name
    namespace    = var.namespace
    retention    = var.retention
    components   = join(",", var.components)
  }
}
