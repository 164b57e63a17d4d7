provider "acme" {
  region = "eu-west-1"
  bitbucket_access_token = "ATCTT3xFfGN0WRJs7m3gpkCrug7EN7bfQ1g2UVkls5I9WX1wXHBUeiuxm69aSK_qNNa76vg9mlrCa0kOLRfIq9iesZA5qyccVrKBccSMtnlOsx3V0DkHeiUws27DuN34Z6raP0vaNNWm5LC0gJaDf_liWlRHoiKY1zep8VptXbaLxzxjfd1F90=50D09C58"
}
