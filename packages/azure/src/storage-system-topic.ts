import { DataAzurermEventgridSystemTopic } from './.gen/providers/azurerm/data-azurerm-eventgrid-system-topic';
import { EventgridSystemTopic } from './.gen/providers/azurerm/eventgrid-system-topic';
import { Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { Checks } from 'cdktf-prefect';
import { checkResourceGroupName } from './private/checks';

/** The topic type of a storage account's system topic. */
const TOPIC_TYPE = 'Microsoft.Storage.StorageAccounts';
const TOPIC_NAME = /^[A-Za-z0-9-]{3,128}$/;

/**
 * An Event Grid system topic of a storage account: the source of its blob events. Azure allows
 * one system topic per storage account, so sensors on the same account share it.
 */
export interface IStorageSystemTopic extends IConstruct {
  /** The topic's name. @attribute */
  readonly systemTopicName: string;
  /** The topic's resource group. @attribute */
  readonly resourceGroupName: string;
  /** The topic's ARM resource ID. @attribute */
  readonly systemTopicId: string;
  /** The ARM resource ID of the storage account it publishes the events of. @attribute */
  readonly sourceResourceId: string;
  /** The topic's type (a storage account's is `Microsoft.Storage.StorageAccounts`). @attribute */
  readonly topicType: string;
  /** Whether the topic was imported (its type and source are checked at plan time). */
  readonly imported: boolean;
}

/** Properties of a `StorageSystemTopic`. */
export interface StorageSystemTopicProps {
  /** The topic's name: 3 to 128 letters, digits and `-`. */
  readonly systemTopicName: string;

  /** The resource group of the topic (usually the storage account's). */
  readonly resourceGroupName: string;

  /** The region of the topic: the storage account's (a system topic lives where its source does). */
  readonly location: string;

  /** The ARM resource ID of the storage account. */
  readonly storageAccountId: string;

  /**
   * Tags of the topic.
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };
}

/**
 * The Event Grid system topic of a storage account (`azurerm_eventgrid_system_topic`, child
 * `Resource`), or with `fromSystemTopicName` the one the account already has.
 */
export class StorageSystemTopic extends Construct implements IStorageSystemTopic {
  /**
   * The existing system topic of a storage account, read with a data source (child `Resource`).
   * A sensor that uses it checks at plan time that it is a storage account's topic, of the
   * account it watches.
   * @param scope the parent construct
   * @param id the construct ID
   * @param resourceGroupName the topic's resource group
   * @param systemTopicName the topic's name
   */
  public static fromSystemTopicName(scope: Construct, id: string, resourceGroupName: string, systemTopicName: string): IStorageSystemTopic {
    return new ImportedStorageSystemTopic(scope, id, resourceGroupName, systemTopicName);
  }

  /** The topic. */
  public readonly resource: EventgridSystemTopic;
  public readonly systemTopicName: string;
  public readonly resourceGroupName: string;
  public readonly systemTopicId: string;
  public readonly sourceResourceId: string;
  public readonly topicType: string;
  public readonly imported = false;

  constructor(scope: Construct, id: string, props: StorageSystemTopicProps) {
    super(scope, id);
    checkNames(this, props.resourceGroupName, props.systemTopicName);
    this.resource = new EventgridSystemTopic(this, 'Resource', {
      name: props.systemTopicName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      sourceResourceId: props.storageAccountId,
      topicType: TOPIC_TYPE,
      tags: props.tags,
    });
    this.systemTopicName = this.resource.name;
    this.resourceGroupName = this.resource.resourceGroupName;
    this.systemTopicId = this.resource.id;
    this.sourceResourceId = props.storageAccountId;
    this.topicType = TOPIC_TYPE;
  }
}

class ImportedStorageSystemTopic extends Construct implements IStorageSystemTopic {
  public readonly systemTopicName: string;
  public readonly resourceGroupName: string;
  public readonly systemTopicId: string;
  public readonly sourceResourceId: string;
  public readonly topicType: string;
  public readonly imported = true;

  constructor(scope: Construct, id: string, resourceGroupName: string, systemTopicName: string) {
    super(scope, id);
    checkNames(this, resourceGroupName, systemTopicName);
    const topic = new DataAzurermEventgridSystemTopic(this, 'Resource', { name: systemTopicName, resourceGroupName });
    this.systemTopicName = systemTopicName;
    this.resourceGroupName = resourceGroupName;
    this.systemTopicId = topic.id;
    this.sourceResourceId = topic.sourceResourceId;
    this.topicType = topic.topicType;
  }
}

function checkNames(scope: IConstruct, resourceGroupName: string, systemTopicName: string): void {
  checkResourceGroupName(scope, resourceGroupName);
  if (!Token.isUnresolved(systemTopicName) && !TOPIC_NAME.test(systemTopicName)) {
    Checks.fail(scope, `invalid systemTopicName ${Checks.show(systemTopicName)}: Event Grid system topic names are 3 to 128 letters, digits and "-"`);
  }
}
