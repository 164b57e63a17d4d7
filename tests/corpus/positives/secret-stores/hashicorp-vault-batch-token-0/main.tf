provider "acme" {
  region = "eu-west-1"
  hashicorp_vault_batch_token = "hvb.rdhieJLxvOuinLUzHMb1QJ5w4z2FSWO1ozBchuFQMRFtWlOrf8NeGEhWHRvlF6vSwgIOXpOJ5Gowarg907u3n3t4e0rp22_0uS6eV5Gh6PxY7o4ffsBDOsF6rx-3kcs9daE6EHjQKhlFgqzE8l4pmZzgOK2i"
}
