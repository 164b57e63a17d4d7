import os

DEBUG = False
TERRAFORM_CLOUD_API_TOKEN = "8Zk6YC37SUYCPg.atlasv1.Au3w_WBj7M-pGOSyvdDxZ5tqNYe3p7-dhM7kjLtb-iCEzsxks0jrOlfcCvDoJ55h2LO"
