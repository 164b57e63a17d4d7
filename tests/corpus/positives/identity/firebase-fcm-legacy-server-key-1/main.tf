provider "acme" {
  region = "eu-west-1"
  firebase_fcm_legacy_server_key = "AAAAPxm6OdZ:APA91bkLq83grGhe3c5XXKIl023XFfdrtfhHQzEUyCI2WVbrqHguSEBNo9wRmfBj7jgCWe4MsiXhK_adlOsJCUmovWaY9sQJMpAFFjAUv5zawqIMeRK8tPZQRDfOAOIOaXhuiJ8CU6zY"
}
