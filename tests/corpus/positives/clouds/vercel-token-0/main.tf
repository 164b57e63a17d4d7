provider "acme" {
  region = "eu-west-1"
  vercel_token = "vcp_TTVSw9PeJlWIgorHxJeftDteytg3g5cxQ6zhLm9RMFFl3zIu"
}
