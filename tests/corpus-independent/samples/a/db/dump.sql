-- MySQL dump 10.13  Distrib 8.0.36
DROP TABLE IF EXISTS `users`;
CREATE TABLE `users` (
  `id` int NOT NULL AUTO_INCREMENT,
  `email` varchar(255) NOT NULL,
  `password_hash` varchar(255) NOT NULL,
  `avatar_sha256` char(64) DEFAULT NULL,
  PRIMARY KEY (`id`)
);
INSERT INTO `users` VALUES (1,'admin@example.com','$2y$10$wP7PI6nm30Cm1DIfpMHjSPjSfFlZ9bHUoetItqRP3Hjtmn1AWG7b2',NULL);
INSERT INTO `users` VALUES (2,'ops@example.com','$argon2id$v=19$m=65536,t=4,p=1$z7Q0KikHOyNCrkWgQCa10B$wdpxa5wTisAZ26oasuOxps4m7HQgfTKpFard6dHVd3q',NULL);
INSERT INTO `users` VALUES (3,'legacy@example.com','$6$rounds=5000$gNlRSaWbC2/Snqw3$Zf.U9RXgHoKpGuOaWaZkxKPWgNF5CKzjFlBm3kwnh.4OL5DDabdLS.ikBIVyxPyEFWojpHywfuTux0cREQuyA9',NULL);
INSERT INTO `users` VALUES (4,'guest@example.com','','8f14dafca0eab04203892e651f974c8084897a0b511b3f793381043a7b477199');
CREATE USER 'report'@'%' IDENTIFIED WITH mysql_native_password AS '*1BCD3790138A4542A5CB53F791DCE4CB97BC4EE9';
