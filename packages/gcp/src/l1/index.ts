// The L1 classes of hashicorp/google 6.50.0 that the patterns use, one namespace per resource and
// data source. Generated code lives in src/.gen (never committed); this file only names it for jsii.
export * as artifactRegistryRepositoryIamMember from '../.gen/providers/google/artifact-registry-repository-iam-member';
export * as cloudfunctions2Function from '../.gen/providers/google/cloudfunctions2-function';
export * as cloudRunV2Service from '../.gen/providers/google/cloud-run-v2-service';
export * as cloudRunV2ServiceIamMember from '../.gen/providers/google/cloud-run-v2-service-iam-member';
export * as dataGoogleProject from '../.gen/providers/google/data-google-project';
export * as dataGoogleStorageProjectServiceAccount from '../.gen/providers/google/data-google-storage-project-service-account';
export * as projectIamCustomRole from '../.gen/providers/google/project-iam-custom-role';
export * as projectIamMember from '../.gen/providers/google/project-iam-member';
export * as provider from '../.gen/providers/google/provider';
export * as pubsubSubscription from '../.gen/providers/google/pubsub-subscription';
export * as pubsubSubscriptionIamMember from '../.gen/providers/google/pubsub-subscription-iam-member';
export * as pubsubTopic from '../.gen/providers/google/pubsub-topic';
export * as pubsubTopicIamMember from '../.gen/providers/google/pubsub-topic-iam-member';
export * as secretManagerSecretIamMember from '../.gen/providers/google/secret-manager-secret-iam-member';
export * as serviceAccount from '../.gen/providers/google/service-account';
export * as serviceAccountIamMember from '../.gen/providers/google/service-account-iam-member';
export * as storageBucket from '../.gen/providers/google/storage-bucket';
export * as storageBucketObject from '../.gen/providers/google/storage-bucket-object';
export * as storageNotification from '../.gen/providers/google/storage-notification';
