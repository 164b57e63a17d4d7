<?php
define('DB_PASSWORD', 'hunter2');
$pdo = new PDO('mysql:host=localhost;dbname=shop', 'root', 'pd0Pass');
$pdo2 = new PDO($dsn, $user, getenv('DB_PASS'));
