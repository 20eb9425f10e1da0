# Runbook 002, phase 1 step 2 (VPC and networking). An offline stand-in: a null_resource that
# records the network's inputs, so plan/apply -target=module.vpc has a real diff to show.
terraform {
  required_providers {
    null = {
      source  = "hashicorp/null"
      version = ">= 2.1.2"
    }
  }
}

resource "null_resource" "vpc" {
  triggers = {
    name               = var.name
    cidr               = var.cidr
    availability_zones = join(",", var.availability_zones)
  }
}
