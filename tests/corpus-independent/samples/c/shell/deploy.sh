#!/usr/bin/env bash
set -euo pipefail

sshpass -p 'R00tPass!' ssh -o StrictHostKeyChecking=no root@10.0.0.12 'systemctl restart app'
mysql -uroot -pS3cretPw appdb < migrations/001.sql
curl -fsS -u admin:Adm1nPw! https://jenkins.internal.example/job/deploy/build
export PGPASSWORD=pgPlOgFShKOEc
psql -h db -U app -c 'select 1'

mysql -u root -p"$MYSQL_PWD" appdb < migrations/002.sql
curl -fsS -u "$JENKINS_USER:$JENKINS_TOKEN" https://jenkins.internal.example/
sshpass -p "$SSHPASS" ssh deploy@10.0.0.13 uptime
