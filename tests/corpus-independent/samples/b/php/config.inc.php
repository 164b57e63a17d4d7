<?php
$db_host = 'localhost';
$db_user = 'shop';
$db_pass = 'qwerty77';
$db_name = 'shop';

$db_pass_ro = getenv('DB_PASS_RO');
$mysqli = new mysqli($db_host, $db_user, $db_pass, $db_name);
