provider "acme" {
  region = "eu-west-1"
  salesforce_access_token = "00DI20XTCel4db6!AQpzrQ1DJ0_AQ3MV0VPz72jIQQ1Er9JHguDWGvCfImK13QeOkua_gONH59Q0G6V9f7NjliXpV9wZKHp2dlDDK35GIq4ITqqy"
}
