import os

DEBUG = False
REPLICATE_API_TOKEN = "r8_WSem1DuxfhlMhhzrIRoigqjIIp2UZ8CoRYJEW"
