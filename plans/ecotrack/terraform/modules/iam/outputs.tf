output "cluster_role_arn" {
  description = "Role the control plane assumes."
  value       = "arn:aws:iam::${null_resource.roles.triggers["account_id"]}:role/${null_resource.roles.triggers["cluster_name"]}-cluster"
}

output "node_role_arn" {
  description = "Role the worker nodes assume."
  value       = "arn:aws:iam::${null_resource.roles.triggers["account_id"]}:role/${null_resource.roles.triggers["cluster_name"]}-node"
}
