variable "name" {
  description = "Name of the VPC."
  type        = string
}

variable "cidr" {
  description = "CIDR block of the VPC."
  type        = string
}

variable "availability_zones" {
  description = "Availability zones, one private subnet each."
  type        = list(string)
}
