output "vpc_id" {
  description = "Identifier of the (simulated) VPC."
  value       = "vpc-${substr(sha1(null_resource.vpc.id), 0, 17)}"
}

output "private_subnet_ids" {
  description = "One (simulated) private subnet per availability zone."
  value       = [for zone in var.availability_zones : "subnet-${substr(sha1("${null_resource.vpc.id}/${zone}"), 0, 17)}"]
}
